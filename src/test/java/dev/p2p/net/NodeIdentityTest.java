package dev.p2p.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.text.P2pException;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void theFirstStartMakesAnIdentityThatLaterStartsKeep() {
    NodeIdentity first = NodeIdentity.loadOrCreate(dir);
    assertTrue(first.nodeId().matches("[0-9a-f]{64}"), first.nodeId());
    assertEquals(first.nodeId(), NodeIdentity.loadOrCreate(dir).nodeId());
    assertEquals(first.nodeId(), NodeIdentity.fingerprint(first.certificate()));
  }

  @Test
  void theFileIsAKeyAndACertificateInPemThatStandardToolsRead() throws Exception {
    NodeIdentity id = NodeIdentity.loadOrCreate(dir);
    String pem = Files.readString(dir.resolve(NodeIdentity.FILE));
    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"), pem);
    assertTrue(pem.contains("-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n"), pem);
    // The certificate block as openssl reads it: its SHA-256 fingerprint is the node ID.
    try (var in = Files.newInputStream(dir.resolve(NodeIdentity.FILE))) {
      var cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
      assertEquals(id.nodeId(), NodeIdentity.fingerprint(cert));
    }
  }

  @Test
  void theKeyFileIsReadableByItsOwnerOnly() throws Exception {
    NodeIdentity.loadOrCreate(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve(NodeIdentity.FILE))));
  }

  @Test
  void everyFreshIdentityIsAnother() {
    assertNotEquals(NodeIdentity.ephemeral().nodeId(), NodeIdentity.ephemeral().nodeId());
  }

  @Test
  void processesStartingAtOnceAgreeOnOneIdentity() throws Exception {
    List<CompletableFuture<String>> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      starts.add(CompletableFuture.supplyAsync(() -> NodeIdentity.loadOrCreate(dir).nodeId()));
    }
    Set<String> ids = new HashSet<>();
    for (CompletableFuture<String> s : starts) ids.add(s.get(30, TimeUnit.SECONDS));
    assertEquals(1, ids.size(), ids.toString());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(NodeIdentity.FILE), files.map(p -> p.getFileName().toString())
          .collect(Collectors.toList()), "no temporary file left behind");
    }
  }

  @Test
  void aDamagedKeyFileIsOneClearErrorNotANewIdentity() throws Exception {
    Files.write(dir.resolve(NodeIdentity.FILE), new byte[] {1, 2, 3});
    P2pException e = assertThrows(P2pException.class, () -> NodeIdentity.loadOrCreate(dir));
    assertTrue(e.getMessage().startsWith("cannot use the node identity " + dir.resolve(NodeIdentity.FILE)),
        e.getMessage());
    assertEquals(3, Files.size(dir.resolve(NodeIdentity.FILE)), "the file is left for the user to look at");
  }
}
