package io.herald.gateway.presence;

import io.herald.gateway.kafka.TopicTail;
import io.herald.kafka.DeadLetterPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's ONE {@code presence-state} reader, whatever the number of sockets: all partitions,
 * {@code read_committed} (the processor writes it exactly-once), from the BEGINNING (the topic is
 * compacted: reading it builds the current table), then live.
 */
final class PresenceFeed implements SmartLifecycle {

  private final TopicTail tail;
  private final DeadLetterPublisher deadLetters;
  private volatile boolean running;

  PresenceFeed(TopicTail tail, DeadLetterPublisher deadLetters) {
    this.tail = tail;
    this.deadLetters = deadLetters;
  }

  /** The table holds at least what the topic held when the gateway started. */
  boolean isLoaded() {
    return tail.isReady();
  }

  @Override
  public void start() {
    running = true;
    tail.start();
  }

  @Override
  public void stop() {
    running = false;
    tail.stop();
    deadLetters.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
