package io.herald.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** A latency histogram in nanoseconds (3 significant digits, up to 10 min), recorded from any thread. */
final class LatencyStats {

  private static final long HIGHEST = TimeUnit.MINUTES.toNanos(10);

  private final Histogram histogram = new ConcurrentHistogram(1, HIGHEST, 3);

  void record(long nanos) {
    histogram.recordValue(Math.max(1, Math.min(nanos, HIGHEST)));
  }

  long count() {
    return histogram.getTotalCount();
  }

  /** Value at {@code percentile} (0..100) in milliseconds. */
  double millisAt(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }

  double maxMillis() {
    return histogram.getMaxValue() / 1e6;
  }

  /** {@code n=1000 p50=1.23 p90=… p99=… p99.9=… max=… ms}, or {@code n=0}. */
  String summary() {
    if (count() == 0) {
      return "n=0";
    }
    return String.format(Locale.ROOT, "n=%d p50=%s p90=%s p99=%s p99.9=%s max=%s ms", count(),
        ms(millisAt(50)), ms(millisAt(90)), ms(millisAt(99)), ms(millisAt(99.9)), ms(maxMillis()));
  }

  /** A markdown table row: {@code | label | n | p50 | p90 | p99 | p99.9 | max |} (milliseconds). */
  String row(String label) {
    if (count() == 0) {
      return "| " + label + " | 0 | | | | | |";
    }
    return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |", label, count(),
        ms(millisAt(50)), ms(millisAt(90)), ms(millisAt(99)), ms(millisAt(99.9)), ms(maxMillis()));
  }

  static String header() {
    return "| | n | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |";
  }

  /** Three significant figures without scientific notation: 0.412, 3.18, 41.2, 1234. */
  static String ms(double millis) {
    if (millis >= 100) {
      return String.format(Locale.ROOT, "%.0f", millis);
    }
    if (millis >= 10) {
      return String.format(Locale.ROOT, "%.1f", millis);
    }
    if (millis >= 1) {
      return String.format(Locale.ROOT, "%.2f", millis);
    }
    return String.format(Locale.ROOT, "%.3f", millis);
  }
}
