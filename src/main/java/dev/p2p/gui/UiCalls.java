package dev.p2p.gui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * How view models call the node: a facade call that throws instead of returning a failed stage
 * still ends up as a failed stage, and its outcome is handled on the UI thread (the executor the
 * view model was given: {@code Platform::runLater} in the window, {@code Runnable::run} in tests).
 */
public final class UiCalls {
  private UiCalls() {}

  /** {@code call}'s stage, or a failed one if it threw. */
  public static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Runs {@code then} on {@code uiExecutor} once {@code stage} completes, with its value or failure. */
  public static <T> void onUi(CompletionStage<T> stage, Executor uiExecutor, BiConsumer<T, Throwable> then) {
    stage.whenComplete((value, failure) -> uiExecutor.execute(() -> then.accept(value, failure)));
  }
}
