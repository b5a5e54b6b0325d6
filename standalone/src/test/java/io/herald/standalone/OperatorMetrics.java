package io.herald.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics an operator reads, from where they are promised: the Grafana dashboard's queries
 * ({@code infra/grafana/herald.json}) and the "Metrics" table of docs/operations.md; and what a
 * service's Prometheus endpoint exposes.
 */
final class OperatorMetrics {

  static final Path DASHBOARD = Path.of("..", "infra", "grafana", "herald.json");
  static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
  /** PromQL functions and keywords that look like metric names (lower case with an underscore). */
  private static final Set<String> PROMQL = Set.of("histogram_quantile", "label_replace", "label_join",
      "count_over_time", "sum_over_time", "avg_over_time", "max_over_time", "min_over_time", "group_left", "group_right");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern DOC_ROW = Pattern.compile("^\\| `([a-z_:][a-z0-9_:]*)`");

  private OperatorMetrics() {}

  /** Metric names the dashboard's panels query. */
  static Set<String> dashboard() throws IOException {
    Set<String> names = new TreeSet<>();
    collect(new ObjectMapper().readTree(Files.readString(DASHBOARD)), names);
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("expr") && e.getValue().isTextual()) {
          names.addAll(metricsIn(e.getValue().asText()));
        } else {
          collect(e.getValue(), names);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, names));
    }
  }

  /** The metric names of one PromQL expression: label matchers, groupings, ranges and functions left out. */
  static Set<String> metricsIn(String expr) {
    String bare = expr.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\"[^\"]*\"", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(bare);
    while (m.find()) {
      String token = m.group();
      int after = m.end();
      boolean isCall = after < bare.length() && bare.substring(after).stripLeading().startsWith("(");
      if (token.contains("_") && !PROMQL.contains(token) && !isCall) {
        names.add(token);
      }
    }
    return names;
  }

  /** Metric names of the table under "## Metrics" in docs/operations.md (first column, one per row). */
  static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(OPERATIONS)) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Metrics");
      } else if (inSection) {
        Matcher m = DOC_ROW.matcher(line);
        if (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /** Names of the samples a service's {@code /actuator/prometheus} exposes. */
  static Set<String> exposed(String baseUrl) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(baseUrl + "/actuator/prometheus: HTTP " + r.statusCode());
    }
    Set<String> names = new TreeSet<>();
    for (String line : r.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        Matcher m = NAME.matcher(line);
        if (m.lookingAt()) {
          names.add(m.group());
        }
      }
    }
    return names;
  }
}
