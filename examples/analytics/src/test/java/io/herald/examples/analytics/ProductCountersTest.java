package io.herald.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProductCountersTest {

  @Test
  void exactWhileTheDayHasNoMoreProductsThanCounters() {
    ProductCounters counters = new ProductCounters(3);
    counters.add("tea", "Tea", 2);
    counters.add("cake", "Cake", 5);
    counters.add("tea", "Green tea", 4);

    assertThat(counters.ranked()).containsExactly(new ProductCount("tea", "Green tea", 6L, 0L), new ProductCount("cake", "Cake", 5L, 0L));
  }

  @Test
  void whenFullANewProductReplacesTheSmallestCounterAndInheritsItsCountAsOvercount() {
    ProductCounters counters = new ProductCounters(2);
    counters.add("a", "A", 10);
    counters.add("b", "B", 3);
    counters.add("c", "C", 1); // replaces b (3): counted 4, of which 3 may be b's

    assertThat(counters.ranked()).containsExactly(new ProductCount("a", "A", 10L, 0L), new ProductCount("c", "C", 4L, 3L));
  }

  @Test
  void aHeavyHitterIsNeverLostWhateverTheTailDoes() {
    ProductCounters counters = new ProductCounters(5);
    for (int i = 0; i < 1000; i++) {
      counters.add("tail-" + i, "Tail", 1);
      if (i % 10 == 0) {
        counters.add("best", "Best seller", 1); // 100 units spread through a 1000-product tail
      }
    }
    counters.add("best", "Best seller", 300);

    List<ProductCount> ranked = counters.ranked();
    assertThat(ranked).hasSize(5);
    assertThat(ranked.get(0).getSku()).isEqualTo("best");
    assertThat(ranked.get(0).getQuantity() - ranked.get(0).getOvercount()).as("lower bound").isLessThanOrEqualTo(400);
    assertThat(ranked.get(0).getQuantity()).as("upper bound").isGreaterThanOrEqualTo(400);
  }

  @Test
  void restoringKeepsTheBestCountersWhenTheCapacityShrank() {
    ProductCounters restored = ProductCounters.of(2, List.of(new ProductCount("x", "X", 1L, 0L),
        new ProductCount("y", "Y", 9L, 0L), new ProductCount("z", "Z", 5L, 2L)));

    assertThat(restored.ranked()).extracting(ProductCount::getSku).containsExactly("y", "z");
  }
}
