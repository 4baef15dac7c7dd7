package dev.p2p.gui;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure from {@code NodeFacade} into the one line shown to the user. The facade's
 * exceptions carry a user-facing message; futures wrap them in {@link CompletionException}, which
 * is peeled off here. Never returns a stack trace.
 */
public final class UserMessages {
  private UserMessages() {}

  public static String of(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t == null) return "unknown error";
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      // No user-facing text: name the kind of failure rather than print a trace.
      return "unexpected error (" + t.getClass().getSimpleName() + ")";
    }
    String firstLine = message.strip().lines().findFirst().orElse("");
    return firstLine;
  }
}
