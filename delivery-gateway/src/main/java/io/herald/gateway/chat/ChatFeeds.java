package io.herald.gateway.chat;

import io.herald.gateway.kafka.TopicTail;
import io.herald.kafka.DeadLetterPublisher;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The gateway's two shared chat readers ({@code inbox} and {@code delivery-state}), whatever the
 * number of connections. Stopping closes every chat connection with 1001 first (clients reconnect
 * elsewhere and resume by seq), then the readers.
 */
final class ChatFeeds implements SmartLifecycle {

  private final List<TopicTail> tails;
  private final ConnectionRegistry registry;
  private final DeadLetterPublisher deadLetters;
  private volatile boolean running;
  private volatile boolean stopped;

  ChatFeeds(List<TopicTail> tails, ConnectionRegistry registry, DeadLetterPublisher deadLetters) {
    this.tails = List.copyOf(tails);
    this.registry = registry;
    this.deadLetters = deadLetters;
  }

  /** Completes when every reader is positioned; fails once stopped (no socket opens while the gateway stops). */
  Mono<Void> ready() {
    return Mono.defer(() -> stopped
        ? Mono.error(new IllegalStateException("chat feeds stopped"))
        : Mono.when(tails.stream().map(TopicTail::ready).toList()));
  }

  boolean isReady() {
    return running && tails.stream().allMatch(TopicTail::isReady);
  }

  List<TopicTail> tails() {
    return tails;
  }

  @Override
  public void start() {
    running = true;
    tails.forEach(TopicTail::start);
  }

  @Override
  public void stop() {
    running = false;
    stopped = true;
    registry.closeAll(ChatConnection.SHUTDOWN, "shutdown");
    tails.forEach(TopicTail::stop);
    deadLetters.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
