package io.herald.gateway.presence;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** What a socket would send: frames of one outbox, collected with a deadline on every wait. */
final class Frames implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final Disposable subscription;

  Frames(Flux<String> frames) {
    this.subscription = frames.subscribe(received::add);
  }

  /** Frames rendered as the user id itself. */
  static Frames of(PresenceOutbox outbox) {
    return new Frames(outbox.frames(userId -> userId));
  }

  String next() {
    try {
      String f = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (f == null) {
        throw new AssertionError("no frame within " + WAIT);
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  @Override
  public void close() {
    subscription.dispose();
  }
}
