package io.herald.gateway.chat;

import io.herald.auth.VerifiedAccess;
import io.herald.chat.commands.ChatCommands;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.kafka.tracing.RecordTracing;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** What every chat connection of this gateway shares; opens one {@link ChatConnection} per socket. */
final class ChatConnections {

  final ChatProperties props;
  final ConnectionRegistry registry;
  final ChatCommands commands;
  final HistorySource history;
  final FrameParser parser;
  final FrameWriter writer;
  final ChatMetrics metrics;
  final ChatObserver observer;
  final ChatCredentials credentials;
  /** A {@code send} frame starts a trace (span "chat send") when on. */
  final RecordTracing tracing;
  /** Pings and idle checks of every socket. */
  final ConnectionTimers timers;

  ChatConnections(ChatProperties props, ConnectionRegistry registry, ChatCommands commands, HistorySource history,
                  FrameParser parser, FrameWriter writer, ChatMetrics metrics, ChatObserver observer,
                  ChatCredentials credentials, ConnectionTimers timers) {
    this(props, registry, commands, history, parser, writer, metrics, observer, credentials, timers, RecordTracing.OFF);
  }

  ChatConnections(ChatProperties props, ConnectionRegistry registry, ChatCommands commands, HistorySource history,
                  FrameParser parser, FrameWriter writer, ChatMetrics metrics, ChatObserver observer,
                  ChatCredentials credentials, ConnectionTimers timers, RecordTracing tracing) {
    this.tracing = tracing;
    this.timers = timers;
    this.props = props;
    this.registry = registry;
    this.commands = commands;
    this.history = history;
    this.parser = parser;
    this.writer = writer;
    this.metrics = metrics;
    this.observer = observer;
    this.credentials = credentials;
  }

  /**
   * Runs the connection until either side closes it, or its credentials end ({@link ChatCredentials}).
   *
   * @param liveOn where live items are handed off the Kafka readers' threads: the socket's event loop
   */
  Mono<Void> serve(WebSocketSession session, VerifiedAccess access, String deviceId, Scheduler liveOn) {
    return Mono.defer(() -> new ChatConnection(this, session, access, deviceId, liveOn).run());
  }
}
