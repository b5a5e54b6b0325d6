package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md must have one row per {@code herald.*} setting of every service, no row for
 * a setting that is gone, and the default each record declares.
 *
 * <p>Lives in {@code standalone} because its test class path holds every service. Settings are
 * those of {@link SettingsInCode}. A row is a table line whose first cell is
 * exactly one backticked {@code herald.*} key. Not checked: the launcher's system properties
 * (rows {@code `herald.x` / `HERALD_X`}, read by {@link StandaloneSettings}), {@code spring.*} and
 * {@code logging.*} rows, which table (service) a row is in, the meaning column, defaults the record
 * leaves empty or computes in code (the doc states the effective value there), and
 * {@code @ConditionalOnProperty} on {@code @Bean} methods.
 */
class ConfigurationDocumentationTest {

  /** {@code | `key` | default | meaning |}: the key and the default cell. */
  private static final Pattern ROW = Pattern.compile("^\\| `(herald\\.[^`]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
  private static final Pattern FIRST_LITERAL = Pattern.compile("`([^`]*)`");

  @Test
  void everySettingHasOneRowWithItsDefault() throws Exception {
    Map<String, Optional<String>> settings = SettingsInCode.find();
    assertThat(settings).as("settings found on the class path").hasSizeGreaterThan(100);

    Map<String, String> rows = new TreeMap<>();
    List<String> duplicated = new ArrayList<>();
    Matcher m = ROW.matcher(Files.readString(Path.of("..", "docs", "configuration.md")));
    while (m.find()) {
      if (rows.put(m.group(1), m.group(2).trim()) != null) {
        duplicated.add(m.group(1));
      }
    }

    List<String> missing = new ArrayList<>();
    List<String> wrongDefault = new ArrayList<>();
    settings.forEach((key, declared) -> {
      String cell = rows.get(key);
      if (cell == null) {
        missing.add(key + declared.map(d -> " (default `" + d + "`)").orElse(""));
      } else if (declared.isPresent()) {
        Matcher literal = FIRST_LITERAL.matcher(cell);
        String documented = literal.find() ? literal.group(1) : cell;
        if (!documented.equals(declared.get())) {
          wrongDefault.add(key + ": code `" + declared.get() + "`, doc " + cell);
        }
      }
    });
    List<String> stale = rows.keySet().stream().filter(k -> !settings.containsKey(k)).toList();

    StringBuilder report = new StringBuilder();
    section(report, "missing rows (add them)", missing);
    section(report, "stale rows (the setting no longer exists; remove them)", stale);
    section(report, "defaults differ from the code", wrongDefault);
    section(report, "keys with more than one row", duplicated);
    assertThat(report.toString()).as("docs/configuration.md against the code").isEmpty();
  }

  private static void section(StringBuilder report, String title, List<String> lines) {
    if (!lines.isEmpty()) {
      report.append(title).append(":\n");
      lines.forEach(l -> report.append("  ").append(l).append('\n'));
    }
  }
}
