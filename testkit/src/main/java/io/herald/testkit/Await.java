package io.herald.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * Waiting in tests, on Awaitility: poll a condition every 10 ms until it holds or the timeout fails
 * the test naming what was awaited. The assertion is on state, never on elapsed time.
 */
public final class Await {

  public static final Duration DEFAULT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(10);

  private Await() {}

  /** Until {@code condition} holds, within {@link #DEFAULT}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, DEFAULT);
  }

  public static void until(String what, BooleanSupplier condition, Duration timeout) {
    Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
  }

  /** Until {@code probe}'s value passes {@code ok} (a probe that throws is asked again); returns that value. */
  public static <T> T until(String what, Supplier<T> probe, Predicate<T> ok) {
    return until(what, probe, ok, DEFAULT);
  }

  public static <T> T until(String what, Supplier<T> probe, Predicate<T> ok, Duration timeout) {
    return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).ignoreExceptions()
        .until(probe::get, ok::test);
  }
}
