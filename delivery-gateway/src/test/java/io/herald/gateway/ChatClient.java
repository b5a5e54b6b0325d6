package io.herald.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test chat client on /v1/ws: frames received go to a queue; every wait has a deadline. */
public final class ChatClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(15);
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final CompletableFuture<CloseStatus> closeStatus = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final Disposable connection;

  private ChatClient(URI uri, HttpHeaders headers) {
    this(uri, headers, Mono.empty());
  }

  /** @param reading completes when the client starts reading frames: until then it reads nothing, TCP pushes back */
  private ChatClient(URI uri, HttpHeaders headers, Mono<Void> reading) {
    Mono<Void> gate = reading.cache();
    connection = new ReactorNettyWebSocketClient().execute(uri, headers, session -> {
          session.closeStatus().subscribe(closeStatus::complete, closeStatus::completeExceptionally,
              () -> closeStatus.complete(null));
          Mono<Void> in = session.receive()
              .map(WebSocketMessage::getPayloadAsText)
              .delayUntil(text -> gate) // one frame at a time: nothing more is read from the socket meanwhile
              .doOnNext(text -> frames.add(JSON.readTree(text)))
              .then();
          Mono<Void> out = session.send(outbound.asFlux().map(session::textMessage));
          return Mono.firstWithSignal(in, out);
        })
        .subscribe(v -> { }, ended::completeExceptionally, () -> ended.complete(null));
  }

  /** @param query e.g. {@code ?deviceId=phone}; {@code bearer} may be null */
  public static ChatClient connect(int port, String query, String bearer) {
    return connect(port, query, h -> {
      if (bearer != null) {
        h.setBearerAuth(bearer);
      }
    });
  }

  public static ChatClient connect(int port, String query, Consumer<HttpHeaders> headers) {
    HttpHeaders h = new HttpHeaders();
    headers.accept(h);
    return new ChatClient(URI.create("ws://127.0.0.1:" + port + "/v1/ws" + query), h);
  }

  /**
   * A client that stops reading: connected as {@code userId} on {@code deviceId}, it reads no frame
   * (not even the welcome) until {@code reading} completes, so the gateway's writes back up into
   * its buffers. Its outbound side works meanwhile.
   */
  public static ChatClient connectNotReading(int port, String userId, String deviceId, Mono<Void> reading) {
    HttpHeaders h = new HttpHeaders();
    h.setBearerAuth(TestTokens.user(userId));
    return new ChatClient(URI.create("ws://127.0.0.1:" + port + "/v1/ws?deviceId=" + deviceId), h, reading);
  }

  /** Connects as {@code userId} on {@code deviceId} and waits for the welcome. */
  public static ChatClient open(int port, String userId, String deviceId) {
    ChatClient c = connect(port, "?deviceId=" + deviceId, TestTokens.user(userId));
    JsonNode welcome = c.next(WAIT);
    if (!"welcome".equals(welcome.get("type").asString())) {
      c.close();
      throw new AssertionError("expected welcome first, got " + welcome);
    }
    return c;
  }

  public ChatClient send(String json) {
    outbound.tryEmitNext(json);
    return this;
  }

  public ChatClient hello(String resumeJson) {
    return send("{\"type\":\"hello\",\"resume\":" + resumeJson + "}");
  }

  public ChatClient sendMessage(String ref, String conversationId, String clientMsgId, String body) {
    return send("{\"type\":\"send\",\"ref\":\"" + ref + "\",\"conversationId\":\"" + conversationId
        + "\",\"clientMsgId\":\"" + clientMsgId + "\",\"body\":\"" + body + "\"}");
  }

  public JsonNode next(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode f;
      try {
        f = frames.poll(Math.min(100_000_000L, Math.max(1, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
      if (f != null) {
        return f;
      }
      if (ended.isDone() && frames.isEmpty()) {
        throw new AssertionError("connection ended (" + closeStatus.getNow(null) + ") while waiting for a frame");
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no frame within " + timeout);
      }
    }
  }

  /** The next frame of {@code type}; frames of other types before it are dropped. */
  public JsonNode next(String type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode f = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (type.equals(f.get("type").asString())) {
        return f;
      }
    }
  }

  /** The next {@code n} message frames (other frame types are skipped). */
  public List<JsonNode> messages(int n) {
    List<JsonNode> out = new ArrayList<>();
    while (out.size() < n) {
      out.add(next("message"));
    }
    return out;
  }

  /** False once the socket ended (either side closed it, or it broke). */
  public boolean isOpen() {
    return !ended.isDone();
  }

  /** The close frame's status once the server closed the socket. */
  public CloseStatus awaitClose(Duration timeout) {
    try {
      ended.handle((v, e) -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("not closed within " + timeout + ": " + e);
    }
  }

  /** The failure of a refused handshake. */
  public Throwable awaitFailure(Duration timeout) {
    try {
      ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("the handshake succeeded");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no outcome within " + timeout);
    }
  }

  @Override
  public void close() {
    outbound.tryEmitComplete();
    connection.dispose();
  }
}
