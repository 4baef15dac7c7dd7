package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GetCommandTest {
  static final String HASH = "9e3ee0bd5a563ec817a9eba2e1468d1e56db067b475016b0a65bf301c40e9ecb";

  static DownloadResult result(String name, Path path) {
    Manifest m = new Manifest(new dev.p2p.storage.FileId(HASH), name, 10, 1024, List.of(HASH));
    return new DownloadResult(path, m, 1.0, List.of());
  }

  @Test
  void saysSoWhenTheDownloadTookAnotherNameBecauseTheFileExisted() throws Exception {
    DownloadResult r = result("report.pdf", Path.of("/dl/report (1).pdf"));
    String note = GetCommand.renameNote(r).orElseThrow();
    assertTrue(note.contains("/dl/report.pdf already exists"), note);
    assertTrue(note.endsWith("saved as /dl/report (1).pdf"), note);
    JsonNode json = new ObjectMapper().readTree(GetCommand.summary(r.manifest().id(), r));
    assertEquals("/dl/report.pdf", json.get("renamed_from").asText());
  }

  @Test
  void saysNothingWhenTheNameIsTheOneOfferedMadeSafe() throws Exception {
    assertFalse(GetCommand.renameNote(result("report.pdf", Path.of("/dl/report.pdf"))).isPresent());
    DownloadResult r = result("../../x", Path.of("/dl/x"));
    assertFalse(GetCommand.renameNote(r).isPresent());
    assertFalse(new ObjectMapper().readTree(GetCommand.summary(r.manifest().id(), r)).has("renamed_from"));
  }

  @Test
  void waitTakesZeroOrADurationAndRefusesAnythingElseAsUsage() {
    GetCommand.WaitDuration w = new GetCommand.WaitDuration();
    assertEquals(Duration.ZERO, w.convert("0"));
    assertEquals(Duration.ofSeconds(30), w.convert("30s"));
    assertEquals(Duration.ofMinutes(10), w.convert("10m"));
    Captured bad = Captured.run("get", HASH, "--wait", "soon");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("--wait: 'soon' is not a duration such as 30m, 24h or 7d, or 0"), bad.err());
    Captured help = Captured.run("get", "--help");
    assertTrue(help.out().contains("--wait=DURATION"), help.out());
  }

  @Test
  void theResumeLineIsTheSameArgumentsQuotedForAShell() {
    String link = "p2p://127.0.0.1:5000/" + HASH + "?name=a b.bin&size=10";
    assertEquals("p2p get 'p2p://127.0.0.1:5000/" + HASH + "?name=a b.bin&size=10' --out '/tmp/it'\\''s' --wait 2s",
        ResumeLine.of(List.of("get", link, "--out", "/tmp/it's", "--wait", "2s"), link, link));
    assertEquals("p2p get " + HASH + " --out /tmp/x", ResumeLine.of(List.of("get", "-", "--out", "/tmp/x"), "-", HASH),
        "a link read from stdin is written out");
  }
}
