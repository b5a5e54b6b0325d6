package io.herald.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one way a Herald service opens MongoDB: every wait is bounded by {@code timeout} (server
 * selection, connect, each socket read, waiting for a pooled connection), the pool by
 * {@code maxPoolSize}, and commands and the pool are measured in Micrometer.
 */
public final class MongoClientFactory {

  private MongoClientFactory() {}

  /**
   * @param uri connection string (its own options, e.g. {@code maxPoolSize}, are overridden by the arguments)
   * @param timeout bound on server selection, connecting, each socket read and the wait for a pooled connection
   * @param maxPoolSize connections per server at most; beyond, operations wait up to {@code timeout}, then fail
   * @param meters where {@code mongodb.driver.commands} and {@code mongodb.driver.pool.*} go
   */
  public static MongoClient create(String uri, Duration timeout, int maxPoolSize, MeterRegistry meters) {
    return MongoClients.create(settings(uri, timeout, maxPoolSize, meters));
  }

  static MongoClientSettings settings(String uri, Duration timeout, int maxPoolSize, MeterRegistry meters) {
    if (timeout.isNegative() || timeout.isZero() || maxPoolSize < 1) {
      throw new IllegalArgumentException("a MongoDB timeout and pool size must be positive");
    }
    long ms = timeout.toMillis();
    return MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(ms, TimeUnit.MILLISECONDS))
        // A socket read bound, not the driver's (alpha) client-side operation timeout.
        .applyToSocketSettings(s -> s.connectTimeout((int) ms, TimeUnit.MILLISECONDS)
            .readTimeout((int) ms, TimeUnit.MILLISECONDS))
        .applyToConnectionPoolSettings(p -> p.maxSize(maxPoolSize).maxWaitTime(ms, TimeUnit.MILLISECONDS)
            .addConnectionPoolListener(new MongoMetricsConnectionPoolListener(meters)))
        .addCommandListener(new MongoMetricsCommandListener(meters))
        .build();
  }
}
