package io.herald.gateway.presence;

import io.herald.gateway.kafka.GatewayDeadLetters;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.gateway.kafka.TopicTail;
import io.herald.gateway.problem.ProblemResponses;
import io.herald.gateway.routing.ChatRoute;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.kafka.KafkaClients;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.gateway.presence.enabled", matchIfMissing = true)
class PresenceConfiguration {

  /** How long a send may wait for metadata or buffer space on the publisher's thread before counting as lost. */
  static final int MAX_BLOCK_MS = 1000;

  @Bean
  PresenceMetrics presenceMetrics(MeterRegistry meters) {
    return new PresenceMetrics(meters);
  }

  /**
   * Boot's spring.kafka.* producer settings (servers, TLS, SASL), then acks=all and idempotence: an
   * event retried by the producer is not written twice, and per user the order of CONNECTED and
   * DISCONNECTED holds.
   */
  @Bean(destroyMethod = "close")
  PresencePublisher presencePublisher(ProducerFactory<?, ?> bootFactory, PresenceProperties props,
                                      PresenceMetrics metrics, MeterRegistry meters, ChatRoute chatRoute) {
    Map<String, Object> config = new HashMap<>(bootFactory.getConfigurationProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-gateway-presence");
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    Producer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    PresencePublisher publisher = new PresencePublisher(producer, new GatewayIds(props.gatewayName(), chatRoute.announcedSlot()), props,
        Clock.systemUTC(), metrics);
    Gauge.builder("herald.gateway.presence.sessions", publisher, PresencePublisher::heldSessions)
        .description("chat sessions this gateway announced as connected").register(meters);
    return publisher;
  }

  @Bean
  PresenceTable presenceTable(PresenceProperties props, PresenceMetrics metrics, MeterRegistry meters) {
    PresenceTable table = new PresenceTable(props.maxTrackedUsers(), metrics);
    Gauge.builder("herald.gateway.presence.table.users", table, PresenceTable::size)
        .description("users in the local presence table").register(meters);
    return table;
  }

  @Bean
  ContactIndex presenceContactIndex(PresenceProperties props, ConversationReadModel readModel, PresenceTable table,
                                    MeterRegistry meters) {
    ContactIndex index = new ContactIndex(Math.min(props.maxContacts(), readModel.limits().maxContacts()),
        table::contains);
    Gauge.builder("herald.gateway.presence.watchers", index, ContactIndex::watchers)
        .description("connected users following their contacts' presence").register(meters);
    Gauge.builder("herald.gateway.presence.contact.links", index, ContactIndex::entries)
        .description("contact links in the local index").register(meters);
    return index;
  }

  @Bean
  ContactLoader presenceContactLoader(ConversationReadModel readModel, ContactIndex index, PresenceProperties props) {
    return new ContactLoader(readModel, index, props.contactsRefresh(), props.maxContacts(), Clock.systemUTC());
  }

  @Bean
  PresenceFeed presenceFeed(KafkaClients clients, PresenceTable table, ContactIndex index, FeedProperties feed,
                            MeterRegistry meters) {
    DeadLetterPublisher deadLetters = GatewayDeadLetters.publisher(clients, "herald-gateway-presence-dlq", meters);
    return new PresenceFeed(TopicTail.of(clients, Topics.PRESENCE_STATE.name(),
            new PresenceStateDispatcher(table, index, deadLetters))
        .fromBeginning().pollTimeout(feed.pollTimeout()).metadataTimeout(feed.readyTimeout()).build(), deadLetters);
  }

  /** Picked up by the chat sockets (an {@code ObjectProvider<ChatObserver>} there). */
  @Bean
  PresenceSessions presenceSessions(PresencePublisher publisher, ContactIndex index, ContactLoader loader,
                                    PresenceTable table, JsonMapper json) {
    return new PresenceSessions(publisher, index, loader, table, new PresenceJson(json));
  }

  @Bean
  RouterFunction<ServerResponse> presenceRoutes(ConversationReadModel readModel,
                                                PresenceTable table, PresenceFeed feed) {
    PresenceHandler handler = new PresenceHandler(readModel, table, feed);
    return RouterFunctions.route()
        .GET("/v1/users/{userId}/presence", handler::presence)
        .onError(ProblemResponses::handles, ProblemResponses::render)
        .build();
  }

  @Bean
  PresenceHealth presenceHealthIndicator(PresenceFeed feed, PresencePublisher publisher, PresenceTable table) {
    return new PresenceHealth(feed, publisher, table);
  }
}
