package io.herald.gateway.routing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A routed gateway's deliveries come only from the processors' routing topology, which is off by
 * default ({@code herald.processors.routing.enabled}): DOWN while its consumer group has no member,
 * so a forgotten processors setting shows in health instead of as silent chat. Asked on each health
 * request (blocking: actuator calls indicators off the event loops), at most once per {@link #TTL}.
 */
final class RoutingHealth implements HealthIndicator, DisposableBean {

  static final Duration TTL = Duration.ofSeconds(5);

  private final Map<String, Object> adminConfig;
  private final String group;
  private Admin admin; // guarded by this
  private Health last; // guarded by this
  private long lastAt; // guarded by this

  RoutingHealth(Map<String, Object> clientConfig, String group) {
    this.adminConfig = new HashMap<>(clientConfig);
    this.adminConfig.keySet().retainAll(AdminClientConfig.configNames());
    this.group = group;
  }

  @Override
  public synchronized Health health() {
    long now = System.nanoTime();
    if (last == null || now - lastAt > TTL.toNanos()) {
      last = check();
      lastAt = now;
    }
    return last;
  }

  private Health check() {
    try {
      if (admin == null) {
        admin = Admin.create(adminConfig);
      }
      int members = members();
      Health.Builder h = members > 0 ? Health.up() : Health.down()
          .withDetail("reason", "the routing topology is not running (no member in consumer group " + group
              + "): routed deliveries stop; set herald.processors.routing.enabled=true on the processors");
      return h.withDetail("group", group).withDetail("members", members).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.unknown().withDetail("group", group).build();
    } catch (Exception e) {
      return Health.down().withDetail("group", group).withDetail("error", String.valueOf(e)).build();
    }
  }

  /** Members of the group; a group never joined is "not found" to Kafka 4's admin client: none. */
  private int members() throws Exception {
    try {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
      return d == null ? 0 : d.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }

  @Override
  public synchronized void destroy() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
