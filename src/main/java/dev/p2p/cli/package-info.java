/**
 * The command line (picocli): parses flags into config overrides, starts a node or a tracker
 * through the {@code app} package, prints progress and one-line errors, and sets the exit code.
 * No engine logic lives here.
 */
package dev.p2p.cli;
