package io.herald.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryMaskingTest {

  @Test
  void hidesTicketsAndAnyUnknownParameterButKeepsHarmlessOnes() {
    assertThat(QueryMasking.mask("/v1/shops/s1/stream?ticket=eyJhbGciOi.x.y&lastMinutes=5&access_token=abc&flag"))
        .isEqualTo("/v1/shops/s1/stream?ticket=***&lastMinutes=5&access_token=***&flag");
  }

  @Test
  void leavesPathsWithoutQueryAlone() {
    assertThat(QueryMasking.mask("/v1/shops/s1/stream")).isEqualTo("/v1/shops/s1/stream");
    assertThat(QueryMasking.mask("/x?")).isEqualTo("/x?");
  }
}
