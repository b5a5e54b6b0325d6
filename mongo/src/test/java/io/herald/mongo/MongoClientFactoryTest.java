package io.herald.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@WithHeraldInfra
class MongoClientFactoryTest {

  @Test
  void everyWaitIsBoundedAndThePoolCapped() {
    MongoClientSettings s = MongoClientFactory.settings("mongodb://127.0.0.1:1/?maxPoolSize=7", Duration.ofSeconds(3), 20,
        new SimpleMeterRegistry());
    assertThat(s.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3000);
    assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3000);
    assertThat(s.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3000);
    assertThat(s.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(3000);
    assertThat(s.getConnectionPoolSettings().getMaxSize()).isEqualTo(20);
    assertThatThrownBy(() -> MongoClientFactory.settings("mongodb://h", Duration.ZERO, 1, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commandsAndThePoolAreMeasured() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (MongoClient client = MongoClientFactory.create(HeraldInfra.mongoUri(), Duration.ofSeconds(10), 4, meters)) {
      Mono.from(client.getDatabase("factory-test").runCommand(new Document("ping", 1))).block(Duration.ofSeconds(20));
      assertThat(meters.find("mongodb.driver.commands").timers()).anySatisfy(t -> assertThat(t.count()).isPositive());
      assertThat(meters.find("mongodb.driver.pool.size").gauges()).isNotEmpty();
    }
  }
}
