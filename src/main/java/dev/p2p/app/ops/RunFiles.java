package dev.p2p.app.ops;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The status files of this user's running nodes and trackers: one small JSON file per process
 * endpoint in {@code p2p.state-dir}/run, named {@code ROLE-PORT.json}, readable by the user only
 * (mode 0600 where the file system has POSIX modes), since it holds the token that opens
 * /status. Written when the endpoint is up, deleted when it stops; a file left by a process that
 * died is recognised by its pid and deleted by the next reader.
 */
public final class RunFiles {
  /** Longer than any file written here: anything bigger is not ours and is skipped. */
  static final int MAX_FILE_BYTES = 4096;

  static final ObjectMapper JSON = JsonMapper.builder()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

  /** One process's endpoint: {@code http://host:port/status} with {@code Authorization: Bearer token}. */
  public record Entry(long pid, String role, String host, int port, String token) {
    /** Where a client asks this endpoint. */
    public String url() {
      return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private final Path dir;

  private RunFiles(Path dir) {
    this.dir = dir;
  }

  /** The files of state folder {@code stateDir}; none for "" (no state). */
  public static Optional<RunFiles> in(String stateDir) {
    if (stateDir == null || stateDir.isBlank()) return Optional.empty();
    return Optional.of(new RunFiles(Path.of(stateDir).toAbsolutePath().normalize().resolve("run")));
  }

  /** The folder the files are in. */
  public Path dir() {
    return dir;
  }

  /** Writes {@code e}'s file (replacing one of a dead process with that name) and returns its path. */
  public Path write(Entry e) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(e.role() + "-" + e.port() + ".json");
    Path tmp = dir.resolve("." + e.role() + "-" + e.port() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(tmp);
    }
    Files.write(tmp, JSON.writeValueAsBytes(e));
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e2) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /**
   * The entries of processes that are alive, by file name. Files of dead processes are deleted;
   * unreadable or foreign files are skipped.
   */
  public List<Entry> live() {
    List<Entry> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) return found;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        read(f).ifPresent(e -> {
          if (ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            found.add(e);
          } else {
            delete(f);
          }
        });
      }
    } catch (IOException e) {
      return found;
    }
    found.sort((a, b) -> a.role().equals(b.role()) ? Integer.compare(a.port(), b.port()) : a.role().compareTo(b.role()));
    return found;
  }

  private static Optional<Entry> read(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) return Optional.empty();
      Entry e = JSON.readValue(bytes, Entry.class);
      return e.role() == null || e.host() == null || e.token() == null ? Optional.empty() : Optional.of(e);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      // another reader got there first, or the folder is not ours to change: skipped either way
    }
  }
}
