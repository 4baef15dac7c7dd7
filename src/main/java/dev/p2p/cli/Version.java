package dev.p2p.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the version Maven wrote into the jar's manifest
 * (Implementation-Version), so that it cannot drift from the pom as a literal in the code would.
 * Classes run from target/classes (tests, an IDE) have no manifest, and say so.
 */
final class Version implements IVersionProvider {
  /** The version of the running code, or null when it is not run from the jar. */
  static String of() {
    return Version.class.getPackage().getImplementationVersion();
  }

  @Override
  public String[] getVersion() {
    String v = of();
    return new String[] {"p2p " + (v != null ? v : "(development build: not run from the jar)")};
  }
}
