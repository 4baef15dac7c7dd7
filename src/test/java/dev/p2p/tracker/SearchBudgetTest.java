package dev.p2p.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SearchBudgetTest {
  @Test
  void aBurstOfTheBudgetIsAnsweredThenSearchesAreRefusedUntilTimeEarnsMore() {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    SearchBudget b = new SearchBudget(now::get);
    int taken = 0;
    while (b.tryTake()) taken++;
    assertEquals(SearchBudget.PER_SECOND, taken, "a full second's worth at once");
    assertFalse(b.tryTake());
    now.addAndGet(1_000_000_000L / SearchBudget.PER_SECOND);
    assertTrue(b.tryTake(), "one more per 1/" + SearchBudget.PER_SECOND + " s");
    assertFalse(b.tryTake());
    now.addAndGet(60_000_000_000L);
    taken = 0;
    while (b.tryTake()) taken++;
    assertEquals(SearchBudget.PER_SECOND, taken, "an idle minute earns no more than the burst");
  }
}
