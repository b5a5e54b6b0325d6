package io.herald.schemas.topics.boot;

import io.herald.schemas.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Every Spring Boot service that has the catalog on its classpath creates the missing topics
 * (and their {@code .dlq}) at start-up through spring-kafka's {@link KafkaAdmin}, which only adds
 * what is absent. Disable with {@code herald.topics.create=false} where topics are managed
 * elsewhere.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnProperty(prefix = "herald.topics", name = "create", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TopicSettings.class)
public class HeraldTopicsAutoConfiguration {

  @Bean
  KafkaAdmin.NewTopics heraldTopics(TopicSettings settings) {
    return new KafkaAdmin.NewTopics(TopicProvisioner.plan(settings.partitions(), settings.replicationFactor())
        .toArray(NewTopic[]::new));
  }
}
