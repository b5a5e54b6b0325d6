package io.herald.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link HeraldInfra} before a test class and stops it once, when the whole test run ends:
 * the stop is registered as an {@link AutoCloseable} in the root context's store, which JUnit
 * (5.13+ and 6) closes after the last test class and before {@code @TempDir}s and the JVM go.
 * Use it through {@link WithHeraldInfra}.
 *
 * <p>Spring tests sharing the infrastructure should use {@code @DirtiesContext}, so that their
 * Kafka clients close before the broker does (see {@link HeraldInfra}).
 */
public final class HeraldInfraExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HeraldInfraExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    HeraldInfra.ensureStarted();
    // One entry per run, whichever class starts first; closed when the root context closes.
    context.getRoot().getStore(NAMESPACE).computeIfAbsent(StopAtEndOfRun.class, k -> new StopAtEndOfRun(),
        StopAtEndOfRun.class);
  }

  private static final class StopAtEndOfRun implements AutoCloseable {
    @Override
    public void close() {
      HeraldInfra.stop();
    }
  }
}
