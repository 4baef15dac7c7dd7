package dev.p2p.protocol;

/**
 * Asks the tracker for the public files whose name contains {@code words} (case-insensitive
 * substring, after trimming); answered by SEARCH_RESULT. A tracker that predates it answers ERROR
 * BAD_REQUEST.
 */
public record Search(String words) implements Message {
  /** Longest search text: a name is at most 255 characters, and no search needs more. */
  public static final int MAX_WORDS = 255;

  public Search {
    Checks.text("words", words, MAX_WORDS);
  }
}
