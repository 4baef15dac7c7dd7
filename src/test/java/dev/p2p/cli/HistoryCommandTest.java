package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2p.state.StateStore;
import dev.p2p.storage.FileId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {
  @TempDir Path dir;

  static final FileId A = new FileId("a1".repeat(32));
  static final FileId B = new FileId("b2".repeat(32));

  private void recordTwo() {
    try (StateStore s = StateStore.open(dir)) {
      s.addHistory(new StateStore.Ended(A, "holiday.zip", 3 * 1024 * 1024, Instant.parse("2026-12-01T10:00:00Z"),
          true, "", 1024 * 1024, 2));
      s.addHistory(new StateStore.Ended(B, "notes.pdf", -1, Instant.parse("2026-12-01T11:00:00Z"),
          false, "no peer has this file", 0, 0));
      s.addTotals(5 * 1024 * 1024, 3 * 1024 * 1024);
    }
  }

  @Test
  void listsEachDownloadNewestFirstWithItsFullIdAndTheTotals() {
    recordTwo();
    Captured r = Captured.run("history", "--state-dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("ENDED") && lines[0].contains("ID") && lines[0].endsWith("NAME"), lines[0]);
    assertTrue(lines[1].contains("failed") && lines[1].contains(B.hex())
        && lines[1].endsWith("notes.pdf (no peer has this file)"), lines[1]);
    assertTrue(lines[2].contains("done") && lines[2].contains("3.0 MiB") && lines[2].contains("1.0 MiB/s")
        && lines[2].contains(A.hex()) && lines[2].endsWith("holiday.zip"), lines[2]);
    assertEquals("total: 5.0 MiB uploaded, 3.0 MiB downloaded", lines[3]);
  }

  @Test
  void jsonIsOneObjectWithTheHistoryAndTheTotals() throws Exception {
    recordTwo();
    Captured r = Captured.run("history", "--json", "--state-dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(B.hex(), j.get("history").get(0).get("file_id").asText());
    assertEquals("no peer has this file", j.get("history").get(0).get("reason").asText());
    assertEquals(-1, j.get("history").get(0).get("size").asLong());
    assertEquals("2026-12-01T10:00:00Z", j.get("history").get(1).get("ended").asText());
    assertEquals(1024 * 1024, j.get("history").get(1).get("bytes_per_second").asLong());
    assertEquals(2, j.get("history").get(1).get("peers").asInt());
    assertEquals(5 * 1024 * 1024, j.get("totals").get("uploaded").asLong());
    assertEquals(3 * 1024 * 1024, j.get("totals").get("downloaded").asLong());
  }

  @Test
  void noStateYetIsAnEmptyHistoryAndCreatesNothing() {
    Captured r = Captured.run("history", "--state-dir", dir.resolve("new").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("no downloads recorded yet\ntotal: 0 B uploaded, 0 B downloaded\n", r.out());
    assertTrue(Files.notExists(dir.resolve("new")));
  }

  @Test
  void aDamagedFileOrNoStateFolderIsOneLineAndExitOne() throws Exception {
    Files.writeString(dir.resolve(StateStore.FILE), "garbage ".repeat(200));
    Captured r = Captured.run("history", "--state-dir", dir.toString());
    assertEquals(1, r.code());
    assertEquals("error: cannot use " + dir.resolve(StateStore.FILE) + ": file is not a database\n", r.err());
    Captured none = Captured.run("history", "--state-dir", "");
    assertEquals(1, none.code());
    assertEquals("error: no state folder (p2p.state-dir is empty): nothing is recorded\n", none.err());
  }
}
