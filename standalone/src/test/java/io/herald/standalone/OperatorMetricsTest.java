package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL reading behind the dashboard check: metric names only, whatever surrounds them. */
class OperatorMetricsTest {

  @Test
  void findsMetricNamesAndLeavesOutFunctionsLabelsGroupingsAndRanges() {
    assertThat(OperatorMetrics.metricsIn("histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket"
        + "{job=\"ingest-api\",method=\"POST\",status=\"202\"}[5m])))")).containsExactly("http_server_requests_seconds_bucket");
    assertThat(OperatorMetrics.metricsIn("sum(rate(a_total[5m])) / ignoring (reason) sum(b_total) + max_over_time(c_lag[1h])"))
        .containsExactlyInAnyOrder("a_total", "b_total", "c_lag");
    assertThat(OperatorMetrics.metricsIn("max by (instance, reader) (herald_gateway_reader_lag)"))
        .containsExactly("herald_gateway_reader_lag");
  }
}
