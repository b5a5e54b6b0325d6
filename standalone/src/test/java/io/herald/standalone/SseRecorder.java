package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Subscribes to an SSE stream and lets a test wait for events, comments excluded. */
final class SseRecorder implements AutoCloseable {

  private final LinkedBlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
  private final CountDownLatch connected = new CountDownLatch(1);
  private final Disposable subscription;

  SseRecorder(Flux<ServerSentEvent<String>> stream) {
    subscription = stream.subscribe(e -> {
      if (e.event() == null && e.data() == null) {
        connected.countDown(); // the ": connected" comment: the subscription is live
      } else {
        events.add(e);
      }
    });
  }

  SseRecorder awaitConnected() throws InterruptedException {
    assertThat(connected.await(20, TimeUnit.SECONDS)).as("stream connected").isTrue();
    return this;
  }

  /** The next event matching {@code filter}, skipping others (e.g. stats between checkouts). */
  ServerSentEvent<String> next(Predicate<ServerSentEvent<String>> filter, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      ServerSentEvent<String> e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      assertThat(e).as("an event within %s", timeout).isNotNull();
      if (filter.test(e)) {
        return e;
      }
    }
  }

  /** Every event received so far that matches. */
  List<ServerSentEvent<String>> drain(Predicate<ServerSentEvent<String>> filter) {
    List<ServerSentEvent<String>> all = new ArrayList<>();
    events.drainTo(all);
    return all.stream().filter(filter).toList();
  }

  @Override
  public void close() {
    subscription.dispose();
  }

  static Predicate<ServerSentEvent<String>> checkouts() {
    return e -> "checkout".equals(e.event());
  }
}
