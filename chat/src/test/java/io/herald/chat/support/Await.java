package io.herald.chat.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds or a deadline passes; the assertion is on state, never on elapsed time. */
public final class Await {

  public static final Duration DEFAULT = Duration.ofSeconds(20);

  private Await() {}

  public static <T> T until(String what, Supplier<T> probe, Predicate<T> ok) {
    return until(what, probe, ok, DEFAULT);
  }

  public static <T> T until(String what, Supplier<T> probe, Predicate<T> ok, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
        lastError = null;
        if (ok.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
    if (lastError != null) {
      failure.initCause(lastError);
    }
    throw failure;
  }
}
