package io.herald.processors;

import io.herald.processors.dlq.DeadLetterDeserializationHandler;
import io.herald.processors.dlq.DeadLetterProcessingHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Kafka Streams settings of one topology. Layers, later wins:
 * <ol>
 *   <li>Boot's {@code spring.kafka.*} (bootstrap servers, security, SASL/JAAS, SSL or an SSL
 *       bundle, {@code spring.kafka.streams.properties.*}), resolved the way Boot resolves them
 *       for its own Streams support, including {@link KafkaConnectionDetails};</li>
 *   <li>{@code herald.processors.*} (state dir, threads, commit interval, instance id for static
 *       membership) and the DLQ handler;</li>
 *   <li>the topology's own application.id, processing guarantee and overrides.</li>
 * </ol>
 */
public class StreamsConfigFactory {

  private final KafkaProperties kafka;
  private final KafkaConnectionDetails connection;
  private final ProcessorsProperties settings;

  public StreamsConfigFactory(KafkaProperties kafka, KafkaConnectionDetails connection, ProcessorsProperties settings) {
    this.kafka = kafka;
    this.connection = connection;
    this.settings = settings;
  }

  public Properties configFor(StreamsProcessor processor) {
    Map<String, Object> config = new HashMap<>(kafka.buildStreamsProperties());
    applyConnection(config, connection.getStreams());

    config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.numStreamThreads());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    // Static membership: a restarted instance takes its old place at once instead of waiting out the
    // dead member's session (Streams appends the thread index). See InstanceIdentity.
    config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), settings.resolvedInstanceId());
    // Poison records go to <topic>.dlq with error headers; the topology keeps running.
    config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);

    // spring.kafka.streams.application-id would give every topology the same group: never use it.
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, processor.applicationId());
    Object clientId = config.get(StreamsConfig.CLIENT_ID_CONFIG);
    if (clientId != null) {
      // a shared client.id would collide in JMX/metrics between this service's KafkaStreams instances
      config.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + "-" + processor.name());
    }
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processor.processingGuarantee());
    config.putAll(processor.streamsOverrides());

    Properties properties = new Properties();
    properties.putAll(config);
    return properties;
  }

  /** Same as Boot's KafkaStreamsAnnotationDrivenConfiguration, whose helpers are package-private. */
  private static void applyConnection(Map<String, Object> config, KafkaConnectionDetails.Configuration streams) {
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, streams.getBootstrapServers());
    if (StringUtils.hasLength(streams.getSecurityProtocol())) {
      config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, streams.getSecurityProtocol());
    }
    SslBundle bundle = streams.getSslBundle();
    if (bundle != null) {
      config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
      config.put(SslBundle.class.getName(), bundle);
    }
  }
}
