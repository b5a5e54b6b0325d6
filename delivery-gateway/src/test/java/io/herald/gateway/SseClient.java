package io.herald.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** A test dashboard: reads one SSE stream into a queue; every wait has a deadline. */
public final class SseClient implements AutoCloseable {

  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};

  private final LinkedBlockingQueue<ServerSentEvent<String>> frames = new LinkedBlockingQueue<>();
  private final Disposable subscription;
  private volatile boolean ended;
  private volatile Throwable error;

  private SseClient(WebClient.RequestHeadersSpec<?> request) {
    subscription = request.retrieve().bodyToFlux(SSE)
        .subscribe(frames::add, e -> {
          error = e;
          ended = true;
        }, () -> ended = true);
  }

  /** @param bearer access token for the Authorization header, or null */
  public static SseClient open(int port, String pathAndQuery, String bearer, String lastEventId) {
    WebClient.RequestHeadersSpec<?> request = WebClient.create("http://127.0.0.1:" + port).get().uri(pathAndQuery)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .headers(h -> {
          if (bearer != null) {
            h.setBearerAuth(bearer);
          }
          if (lastEventId != null) {
            h.set("Last-Event-ID", lastEventId);
          }
        });
    return new SseClient(request);
  }

  public static SseClient open(int port, String shopId, String bearer) {
    return open(port, "/v1/shops/" + shopId + "/stream", bearer, null);
  }

  /** Waits for the first frame, the {@code :connected} comment sent once the stream is registered. */
  public SseClient awaitConnected() {
    ServerSentEvent<String> first = nextFrame(Duration.ofSeconds(10));
    if (first.comment() == null || !"connected".equals(first.comment().strip())) {
      throw new AssertionError("expected the connected comment first, got " + first);
    }
    return this;
  }

  public ServerSentEvent<String> nextFrame(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ServerSentEvent<String> f;
      try {
        f = frames.poll(Math.min(100_000_000L, Math.max(1, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
      if (f != null) {
        return f;
      }
      if (ended && frames.isEmpty()) {
        throw new AssertionError("stream ended" + (error == null ? "" : " with " + error));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no SSE frame within " + timeout);
      }
    }
  }

  /** The next event, skipping comments (heartbeats). */
  public ServerSentEvent<String> nextEvent(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ServerSentEvent<String> f = nextFrame(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (f.event() != null || f.data() != null) {
        return f;
      }
    }
  }

  public List<ServerSentEvent<String>> nextEvents(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ServerSentEvent<String>> out = new ArrayList<>();
    while (out.size() < n) {
      out.add(nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
    }
    return out;
  }

  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    subscription.dispose();
  }
}
