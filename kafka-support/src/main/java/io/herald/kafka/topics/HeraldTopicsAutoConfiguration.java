package io.herald.kafka.topics;

import io.herald.schemas.topics.TopicProvisioner;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Every Spring Boot service that has the catalog on its classpath creates the missing topics
 * (and their {@code .dlq}) before any lifecycle bean (consumers, Kafka Streams) starts.
 *
 * <p>Deliberately not {@code KafkaAdmin.NewTopics}: spring-kafka's admin also <em>adds
 * partitions</em> to existing topics whose declared count is larger, which would move keys and
 * break per-key order and co-partitioning. Herald only ever creates what is absent; changing a
 * partition count is an operator's migration. Disable with {@code herald.topics.create=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnProperty(prefix = "herald.topics", name = "create", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TopicSettings.class)
public class HeraldTopicsAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(HeraldTopicsAutoConfiguration.class);

  @Bean
  @ConditionalOnBean(KafkaAdmin.class)
  SmartInitializingSingleton heraldTopicsInitializer(KafkaAdmin admin, TopicSettings settings) {
    return () -> {
      List<String> created = TopicProvisioner.ensure(admin.getConfigurationProperties(), settings.partitions(),
          settings.replicationFactor());
      if (!created.isEmpty()) {
        log.info("created topics {}", created);
      }
    };
  }
}
