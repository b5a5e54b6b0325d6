package io.herald.gateway.chat;

import io.herald.gateway.kafka.GatewayDeadLetters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.ChatSettings;
import io.herald.chat.commands.ChatCommands;
import io.herald.chat.commands.ChatEventSender;
import io.herald.chat.commands.MembershipCache;
import io.herald.chat.commands.RecentSends;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.gateway.auth.CredentialWatch;
import io.herald.gateway.kafka.TopicTail;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.gateway.problem.ProblemResponses;
import io.herald.gateway.routing.ChatRoute;
import io.herald.web.problem.ExchangeProblems;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.kafka.ReactiveProducer;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.kafka.KafkaClients;
import io.herald.auth.web.HeraldAuthenticationManager;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatSettings.class)
class ChatConfiguration {

  /**
   * The producer of WebSocket sends and receipts: Boot's spring.kafka.* settings (servers, TLS,
   * SASL), then the guarantees chat relies on: acks=all and idempotence (a retried send is not
   * written twice; the send ledger makes it return the first answer). Through the one producer
   * bridge: a send never blocks the socket's event loop; it waits for metadata or buffer space on a
   * timer, at most the command time-out.
   */
  @Bean(destroyMethod = "close")
  ReactiveProducer<String, byte[]> heraldGatewayChatProducer(ProducerFactory<?, ?> bootFactory, ChatProperties props) {
    Map<String, Object> config = new HashMap<>(bootFactory.getConfigurationProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-gateway-chat");
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return ReactiveProducer.create(config, new StringSerializer(), new ByteArraySerializer(), props.commandTimeout());
  }

  /** Membership in memory for sends and receipts, fed by the delivery-state reader (see {@link MembershipCache}). */
  @Bean
  MembershipCache chatMembershipCache(ChatProperties props, MeterRegistry meters) {
    MembershipCache cache = new MembershipCache(props.membershipCache());
    Gauge.builder("herald.gateway.chat.membership.cached", cache, MembershipCache::size)
        .description("conversations whose membership this gateway holds in memory").register(meters);
    FunctionCounter.builder("herald.gateway.chat.membership.lookups", cache, MembershipCache::hits).tag("result", "hit")
        .register(meters);
    FunctionCounter.builder("herald.gateway.chat.membership.lookups", cache, MembershipCache::misses).tag("result", "miss")
        .register(meters);
    return cache;
  }

  @Bean
  ChatCommands gatewayChatCommands(ReactiveProducer<String, byte[]> heraldGatewayChatProducer, ConversationReadModel readModel,
                                   MembershipCache chatMembershipCache, MongoDatabase database, ChatProperties props,
                                   ChatSettings chat, RecordTracing tracing) {
    return new ChatCommands(ChatEventSender.of(heraldGatewayChatProducer, tracing), readModel, chatMembershipCache,
        new RecentSends(props.recentSends()), database, Clock.systemUTC(), chat.limits());
  }

  @Bean
  ChatMetrics chatMetrics(MeterRegistry meters) {
    return new ChatMetrics(meters);
  }

  @Bean
  ConnectionRegistry chatConnectionRegistry(ChatProperties props, MeterRegistry meters) {
    ConnectionRegistry registry = new ConnectionRegistry(props.maxConnectionsPerUser());
    Gauge.builder("herald.gateway.chat.connections.open", registry, ConnectionRegistry::openConnections)
        .description("open chat WebSockets").register(meters);
    Gauge.builder("herald.gateway.chat.users.connected", registry, ConnectionRegistry::connectedUsers)
        .description("users with at least one chat WebSocket here").register(meters);
    return registry;
  }

  @Bean
  FrameWriter chatFrameWriter(JsonMapper json) {
    return new FrameWriter(json);
  }

  /** How far this gateway's own inbox reader has dispatched (none on a routed gateway: it reads inbox-routes). */
  @Bean
  DispatchedOffsets chatDispatchedOffsets() {
    return new DispatchedOffsets();
  }

  @Bean
  ChatFeeds chatFeeds(KafkaClients clients, ConnectionRegistry registry, FrameWriter writer, FeedProperties feed,
                      MeterRegistry meters, ObjectProvider<ChatObserver> observer, MembershipCache chatMembershipCache,
                      ChatMetrics metrics, ChatRoute route, DispatchedOffsets chatDispatchedOffsets) {
    DeadLetterPublisher deadLetters = GatewayDeadLetters.publisher(clients, "herald-gateway-chat-dlq", meters);
    return new ChatFeeds(List.of(
        deliveries(clients, route, new InboxDispatcher(registry, writer, deadLetters, metrics,
                (route.routed() ? Topics.INBOX_ROUTES : Topics.INBOX).name(), route.routed() ? null : chatDispatchedOffsets))
            .uncommitted().pollTimeout(feed.pollTimeout()).metadataTimeout(feed.readyTimeout()).build(),
        TopicTail.of(clients, Topics.DELIVERY_STATE.name(), new ReceiptDispatcher(registry, writer, deadLetters,
                observer.getIfAvailable(() -> ChatObserver.NONE), chatMembershipCache))
            .uncommitted().pollTimeout(feed.pollTimeout()).metadataTimeout(feed.readyTimeout()).build()),
        registry, deadLetters);
  }

  /**
   * All of {@code inbox}, or (routed) only this gateway's slot of {@code inbox-routes}; the same
   * dispatcher either way. See docs/architecture.md, "Routing deliveries to the gateway that holds the user".
   */
  private static TopicTail.Builder deliveries(KafkaClients clients, ChatRoute route, InboxDispatcher dispatcher) {
    return route.routed()
        ? TopicTail.of(clients, Topics.INBOX_ROUTES.name(), dispatcher).onlyPartition(route.slot())
            .name("inbox-routes-slot-" + route.slot())
        : TopicTail.of(clients, Topics.INBOX.name(), dispatcher);
  }

  @Bean
  ChatFeedsHealth chatFeedsHealthIndicator(ChatFeeds feeds, ConnectionRegistry registry) {
    return new ChatFeedsHealth(feeds, registry);
  }

  /** Deliveries the read model lacks while the chat projector is stalled (see {@link InboxRecall}). */
  @Bean
  InboxRecall chatInboxRecall(KafkaClients clients, ConsumerFactory<?, ?> bootConsumers, FrameWriter writer,
                              ChatProperties props, MeterRegistry meters, ChatRoute route,
                              DispatchedOffsets chatDispatchedOffsets) {
    return new InboxRecall(clients, bootConsumers.getConfigurationProperties(), writer, props, meters, Clock.systemUTC(),
        route.routed() ? null : chatDispatchedOffsets);
  }

  @Bean
  ChatConnections chatConnections(ChatProperties props, ConnectionRegistry registry, ChatCommands gatewayChatCommands,
                                  ConversationReadModel readModel, JsonMapper json, FrameWriter writer,
                                  ChatMetrics metrics, ObjectProvider<ChatObserver> observer,
                                  HeraldAuthenticationManager authenticator, CredentialWatch credentialWatch,
                                  InboxRecall chatInboxRecall, RecordTracing tracing, ConnectionTimers timers) {
    return new ChatConnections(props, registry, gatewayChatCommands, HistorySource.of(readModel, chatInboxRecall),
        new FrameParser(json, readModel.limits().maxConversationsPerUser()), writer, metrics,
        observer.getIfAvailable(() -> ChatObserver.NONE),
        new ChatCredentials(authenticator, credentialWatch, writer, props.reauthGrace(), Clock.systemUTC()), timers,
        tracing);
  }

  /** Frames over maxFrameSize (also when reassembled from fragments) close the socket with 1009. */
  @Bean
  HandshakeWebSocketService chatWebSocketService(ChatProperties props) {
    return new HandshakeWebSocketService(new SocketUpgrade((int) props.maxFrameSize().toBytes()));
  }

  @Bean
  ChatHandshake chatHandshake(HandshakeWebSocketService chatWebSocketService,
                              ChatConnections connections, ChatFeeds feeds, ServerCodecConfigurer codecs,
                              ChatProperties props, ChatMetrics metrics, MeterRegistry meters) {
    Admissions admissions = new Admissions(props.maxConnections());
    Gauge.builder("herald.gateway.chat.connections.admitted", admissions, Admissions::inUse)
        .description("chat connection slots in use (handshakes and open sockets)").register(meters);
    return new ChatHandshake(chatWebSocketService, connections, feeds, admissions,
        new ExchangeProblems(codecs, ProblemResponses.RENDERER), props, metrics);
  }

  /** Ahead of the functional routes (order 0 would come after RouterFunctionMapping's -1). */
  @Bean
  HandlerMapping chatWebSocketMapping(ChatHandshake handshake) {
    return new SimpleUrlHandlerMapping(Map.of(ChatHandshake.PATH, handshake), -2);
  }
}
