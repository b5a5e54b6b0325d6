package io.herald.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.processors.shopstats.ShopStatsProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The defaults an operator gets when setting nothing, and the values that are refused. */
class ProcessorsPropertiesTest {

  private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
  }

  @Test
  void sharedDefaults() {
    ProcessorsProperties p = bind("herald.processors", ProcessorsProperties.class, Map.of());
    assertThat(p.numStreamThreads()).isEqualTo(1);
    assertThat(p.commitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.topicsTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.stateDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".herald", "streams"));
  }

  @Test
  void shopStatsDefaultsAndOverrides() {
    ShopStatsProperties defaults = bind("herald.processors.shop-stats", ShopStatsProperties.class, Map.of());
    assertThat(defaults).isEqualTo(new ShopStatsProperties(true, "herald-shop-stats", "exactly_once_v2",
        Duration.ofHours(24), 100));

    ShopStatsProperties set = bind("herald.processors.shop-stats", ShopStatsProperties.class, Map.of(
        "herald.processors.shop-stats.grace", "2m", "herald.processors.shop-stats.max-skus", "500",
        "herald.processors.shop-stats.processing-guarantee", "at_least_once"));
    assertThat(set.grace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(set.maxSkus()).isEqualTo(500);
    assertThat(set.processingGuarantee()).isEqualTo("at_least_once");
  }

  @Test
  void refusesASkuBoundBelowTheTopItemsItMustFill() {
    assertThatThrownBy(() -> bind("herald.processors.shop-stats", ShopStatsProperties.class,
        Map.of("herald.processors.shop-stats.max-skus", "4")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("max-skus must be at least 5");
  }
}
