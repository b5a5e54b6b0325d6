package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every environment variable that infra/docker-compose.yml (and the stand-ins' override file) gives
 * a Herald service must bind to a real setting: Spring ignores one that binds to nothing, and a typo
 * went unnoticed that way ({@code HERALD_INGEST_AUTH_KEY_FILE} for {@code herald.ingest.tokens.key-file}
 * put the signing key outside its volume). Known settings: the {@code herald.*} keys of {@link
 * SettingsInCode} and the properties in the Spring configuration metadata of the class path (a
 * map-valued one, like {@code spring.kafka.streams.properties}, takes any key below it). An env var
 * binds to a key as Spring Boot's relaxed binding decides (its own environment property source).
 */
class ComposeEnvironmentTest {

  /** Services of public images (Kafka's, MongoDB's, nginx's, the monitoring profile's): their variables follow those images' rules. */
  private static final Set<String> NOT_HERALD = Set.of("kafka", "mongo", "proxy", "prometheus", "grafana");
  /** Read by the JVM itself, not by Spring. */
  private static final Set<String> NOT_SPRING = Set.of("JAVA_TOOL_OPTIONS");
  private static final List<Path> FILES = List.of(
      Path.of("..", "infra", "docker-compose.yml"), Path.of("..", "infra", "standins", "docker-compose.standins.yml"));

  private static final Set<ConfigurationPropertyName> exact = new java.util.HashSet<>();
  private static final Set<ConfigurationPropertyName> maps = new java.util.HashSet<>();

  @BeforeAll
  static void knownSettings() throws Exception {
    SettingsInCode.find().keySet().forEach(key -> exact.add(ConfigurationPropertyName.of(key)));
    ObjectMapper json = new ObjectMapper();
    for (URL url : Collections.list(ComposeEnvironmentTest.class.getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode property : json.readTree(in).path("properties")) {
          ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property.path("name").asText());
          if (name != null) {
            (property.path("type").asText().startsWith("java.util.Map<") ? maps : exact).add(name);
          }
        }
      }
    }
    assertThat(exact).as("settings known").hasSizeGreaterThan(500);
  }

  @Test
  void everyServiceVariableBindsToASetting() throws Exception {
    List<String> unbound = new ArrayList<>();
    int checked = 0;
    for (Path file : FILES) {
      for (var service : heraldServices(file).entrySet()) {
        for (String variable : service.getValue().keySet()) {
          checked++;
          if (!NOT_SPRING.contains(variable) && !binds(variable)) {
            unbound.add(file.getFileName() + ": " + service.getKey() + ": " + variable);
          }
        }
      }
    }
    assertThat(checked).as("variables found").isGreaterThan(15);
    assertThat(unbound).as("environment variables that bind to no setting").isEmpty();
  }

  /**
   * Spring Boot's conditions count a property set to "" as set ({@code spring.mail.host=""} created
   * a mail sender for localhost:25 and a DOWN health): a Spring property is set for real or not at
   * all, never through a variable that may be empty. ({@code herald.*} settings treat empty as off.)
   */
  @Test
  void noSpringPropertyIsSetFromAVariableThatMayBeEmpty() throws Exception {
    List<String> emptyable = new ArrayList<>();
    for (Path file : FILES) {
      for (var service : heraldServices(file).entrySet()) {
        service.getValue().forEach((variable, value) -> {
          if (variable.startsWith("SPRING_") && (value.isEmpty() || value.matches(".*\\$\\{[^}]*:?-}.*"))) {
            emptyable.add(file.getFileName() + ": " + service.getKey() + ": " + variable + "=" + value);
          }
        });
      }
    }
    assertThat(emptyable).as("Spring properties set from variables that may be empty").isEmpty();
  }

  @Test
  void theCheckTellsATypoFromASetting() {
    assertThat(binds("HERALD_INGEST_AUTH_KEY_FILE")).isFalse();
    assertThat(binds("HERALD_INGEST_TOKENS_KEY_FILE")).isTrue();
    assertThat(binds("HERALD_INGEST_TOKENS_KEYFILE")).isTrue();
    assertThat(binds("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isTrue();
    assertThat(binds("SPRING_KAFKA_BOOTSTRAP_SERVER")).isFalse();
    assertThat(binds("SPRING_KAFKA_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS")).isTrue();
  }

  /** The processors' Kafka Streams settings from the compose file reach Streams under Streams' own names. */
  @Test
  void streamsPropertiesBindUnderTheirKafkaNames() throws Exception {
    Map<String, String> env = heraldServices(FILES.get(0)).get("stream-processors");
    Map<String, String> streams = new Binder(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<String, Object>(env))))
        .bind("spring.kafka.streams.properties", Bindable.mapOf(String.class, String.class)).get();
    assertThat(streams).containsEntry("num.standby.replicas", "1").containsEntry("session.timeout.ms", "15000");
    Map<String, String> consumers = new Binder(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<String, Object>(env))))
        .bind("spring.kafka.consumer.properties", Bindable.mapOf(String.class, String.class)).get();
    assertThat(consumers).as("the chat projector's group (Boot's consumer settings)").containsEntry("session.timeout.ms", "15000");
  }

  private static boolean binds(String variable) {
    ConfigurationPropertySource source = ConfigurationPropertySource.from(
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.<String, Object>of(variable, "x")));
    return exact.stream().anyMatch(name -> source.getConfigurationProperty(name) != null)
        || maps.stream().anyMatch(name -> source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT);
  }

  /** Environment of every Herald service (all but the public images' services), by service. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, String>> heraldServices(Path file) throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(file));
    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    ((Map<String, Map<String, Object>>) compose.get("services")).forEach((name, service) -> {
      if (NOT_HERALD.contains(name)) {
        return;
      }
      Map<String, String> env = new LinkedHashMap<>();
      Object environment = service.get("environment");
      if (environment instanceof Map<?, ?> m) {
        m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
      } else if (environment instanceof List<?> l) {
        l.forEach(entry -> {
          String[] kv = String.valueOf(entry).split("=", 2);
          env.put(kv[0], kv.length > 1 ? kv[1] : "");
        });
      }
      result.put(name, env);
    });
    return result;
  }
}
