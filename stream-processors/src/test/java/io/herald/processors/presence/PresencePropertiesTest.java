package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The defaults an operator gets when setting nothing, and the values that are refused. */
class PresencePropertiesTest {

  private static final String PREFIX = "herald.processors.presence";

  private static PresenceProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(PREFIX, PresenceProperties.class);
  }

  @Test
  void defaults() {
    PresenceProperties p = bind(Map.of());
    assertThat(p).isEqualTo(new PresenceProperties(true, "herald-presence", "exactly_once_v2",
        Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO, 32));
    assertThat(p.limits()).isEqualTo(PresenceLimits.DEFAULTS);
  }

  @Test
  void overrides() {
    PresenceProperties p = bind(Map.of(PREFIX + ".sweep-interval", "250ms", PREFIX + ".gateway-timeout", "3s",
        PREFIX + ".offline-grace", "10s", PREFIX + ".max-sessions-per-user", "8",
        PREFIX + ".processing-guarantee", "at_least_once", PREFIX + ".enabled", "false"));
    assertThat(p.limits()).isEqualTo(new PresenceLimits(Duration.ofMillis(250), Duration.ofSeconds(3),
        Duration.ofSeconds(10), 8));
    assertThat(p.processingGuarantee()).isEqualTo("at_least_once");
    assertThat(p.enabled()).isFalse();
  }

  @Test
  void refusesValuesTheTopologyCannotRunWith() {
    assertRefused(PREFIX + ".gateway-timeout", "0s", "gateway-timeout must be at least 1 ms");
    assertRefused(PREFIX + ".sweep-interval", "0s", "sweep-interval must be at least 1 ms");
    assertRefused(PREFIX + ".offline-grace", "-1s", "offline-grace must not be negative");
    assertRefused(PREFIX + ".max-sessions-per-user", "0", "max-sessions-per-user must be at least 1");
    assertRefused(PREFIX + ".processing-guarantee", "exactly_once", "must be exactly_once_v2 or at_least_once");
  }

  private static void assertRefused(String key, String value, String message) {
    assertThatThrownBy(() -> bind(Map.of(key, value)))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining(message);
  }
}
