package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * docs/configuration.md must have one row per {@code herald.*} setting of every service, no row for
 * a setting that is gone, and the default each record declares.
 *
 * <p>Lives in {@code standalone} because its test class path holds every service. Settings are the
 * components of every {@code @ConfigurationProperties} record under {@code io.herald} (prefix +
 * kebab-case name; nested records recursively; lists, sets, maps and enums are one key) plus the
 * keys of class-level {@code @ConditionalOnProperty}. A row is a table line whose first cell is
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
    Map<String, Optional<String>> settings = settingsInCode();
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

  /** Every key, with the default its record declares (absent: none, or an empty one). */
  private static Map<String, Optional<String>> settingsInCode() throws Exception {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConditionalOnProperty.class));
    Map<String, Optional<String>> keys = new TreeMap<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.herald")) {
      Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), ConfigurationDocumentationTest.class.getClassLoader());
      ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
      if (properties != null) {
        assertThat(type.isRecord()).as("%s: settings are records", type.getName()).isTrue();
        addRecord(properties.prefix().isEmpty() ? properties.value() : properties.prefix(), type, keys);
      }
      ConditionalOnProperty condition = type.getAnnotation(ConditionalOnProperty.class);
      if (condition != null) {
        String prefix = condition.prefix().isEmpty() ? "" : condition.prefix() + ".";
        for (String name : condition.name().length > 0 ? condition.name() : condition.value()) {
          keys.putIfAbsent(prefix + name, Optional.empty());
        }
      }
    }
    return keys;
  }

  private static void addRecord(String prefix, Class<?> record, Map<String, Optional<String>> keys) throws Exception {
    RecordComponent[] components = record.getRecordComponents();
    Parameter[] parameters = record.getDeclaredConstructor(
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)).getParameters();
    for (int i = 0; i < components.length; i++) {
      String key = prefix + "." + DataObjectPropertyName.toDashedForm(components[i].getName());
      Class<?> type = components[i].getType();
      if (type.isRecord() && type.getName().startsWith("io.herald.")) {
        addRecord(key, type, keys);
        continue;
      }
      DefaultValue declared = parameters[i].getAnnotation(DefaultValue.class);
      String value = declared == null ? "" : String.join(",", declared.value());
      keys.put(key, value.isEmpty() ? Optional.empty() : Optional.of(value));
    }
  }
}
