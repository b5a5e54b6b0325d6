package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every {@code herald.*} setting of every service, found on the class path: the components of every
 * {@code @ConfigurationProperties} record under {@code io.herald} (prefix + kebab-case name; nested
 * records recursively; lists, sets, maps and enums are one key) plus the keys of class-level
 * {@code @ConditionalOnProperty}. Used by the tests that keep docs/configuration.md and
 * infra/docker-compose.yml true.
 */
final class SettingsInCode {

  private SettingsInCode() {}

  /** Every key, with the default its record declares (absent: none, or an empty one). */
  static Map<String, Optional<String>> find() throws Exception {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConditionalOnProperty.class));
    Map<String, Optional<String>> keys = new TreeMap<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.herald")) {
      Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), SettingsInCode.class.getClassLoader());
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
