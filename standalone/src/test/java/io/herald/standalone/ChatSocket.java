package io.herald.standalone;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A chat app's WebSocket, as a test drives it: frames in a queue, every wait with a deadline. */
final class ChatSocket implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  /** Text frames as String, binary frames as byte[]. */
  private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final Disposable connection;

  private ChatSocket(int gatewayPort, String token, String deviceId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    URI uri = URI.create("ws://127.0.0.1:" + gatewayPort + "/v1/ws?deviceId=" + deviceId);
    connection = new ReactorNettyWebSocketClient().execute(uri, headers, session -> Mono.firstWithSignal(
            session.receive().doOnNext(m -> frames.add(JSON.readTree(m.getPayloadAsText()))).then(),
            session.send(outbound.asFlux().map(f -> f instanceof byte[] b
                ? session.binaryMessage(factory -> factory.wrap(b)) : session.textMessage((String) f)))))
        .subscribe();
  }

  /** Connects, says hello with the given resume positions (may be empty) and waits for the welcome. */
  static ChatSocket open(int gatewayPort, String token, String deviceId, ObjectNode resume) {
    ChatSocket s = new ChatSocket(gatewayPort, token, deviceId);
    ObjectNode hello = JSON.createObjectNode().put("type", "hello");
    hello.set("resume", resume == null ? JSON.createObjectNode() : resume);
    s.send(hello);
    s.next("welcome");
    return s;
  }

  void send(ObjectNode frame) {
    outbound.tryEmitNext(frame.toString());
  }

  /** Any text, JSON or not, as one text frame. */
  void sendText(String frame) {
    outbound.tryEmitNext(frame);
  }

  void sendBinary(byte[] frame) {
    outbound.tryEmitNext(frame);
  }

  void sendMessage(String ref, String conversationId, String clientMsgId, String body) {
    send(JSON.createObjectNode().put("type", "send").put("ref", ref).put("conversationId", conversationId)
        .put("clientMsgId", clientMsgId).put("body", body));
  }

  void cursor(String type, String conversationId, long upToSeq) {
    send(JSON.createObjectNode().put("type", type).put("conversationId", conversationId).put("upToSeq", upToSeq));
  }

  /** The next frame of one of {@code types}; other frames before it are dropped. */
  JsonNode next(String... types) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<String> wanted = List.of(types);
    while (true) {
      JsonNode f = poll(deadline - System.nanoTime());
      if (f == null) {
        throw new AssertionError("no " + wanted + " frame within " + WAIT);
      }
      if (wanted.contains(f.get("type").asString())) {
        return f;
      }
    }
  }

  /**
   * The {@code sent} or {@code error} frame answering the frame sent with {@code ref}; others are
   * dropped (e.g. the error that says a hello came too late on a loaded machine, which is not the
   * answer to a send).
   */
  JsonNode answer(String ref) {
    while (true) {
      JsonNode f = next("sent", "error");
      if (f.has("ref") && ref.equals(f.get("ref").asString())) {
        return f;
      }
    }
  }

  /** The next {@code n} message frames of one conversation, in arrival order. */
  List<JsonNode> messages(String conversationId, int n) {
    List<JsonNode> out = new ArrayList<>();
    while (out.size() < n) {
      JsonNode m = next("message");
      if (conversationId.equals(m.get("conversationId").asString())) {
        out.add(m);
      }
    }
    return out;
  }

  /** Frames of {@code type} arriving within {@code quiet}; used to show nothing else comes. */
  List<JsonNode> within(String type, Duration quiet) {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + quiet.toNanos();
    JsonNode f;
    while ((f = poll(deadline - System.nanoTime())) != null) {
      if (type.equals(f.get("type").asString())) {
        out.add(f);
      }
    }
    return out;
  }

  /** Waits for a {@code receipt} frame showing {@code member}'s {@code field} cursor at {@code value} or beyond. */
  void awaitCursor(String conversationId, String member, String field, long value, Duration bound) {
    org.awaitility.Awaitility.await().atMost(bound).until(() -> {
      for (JsonNode r : within("receipt", Duration.ofMillis(200))) {
        JsonNode cursor = r.get("cursors").get(member);
        if (conversationId.equals(r.get("conversationId").asString()) && cursor != null
            && cursor.get(field).asLong() >= value) {
          return true;
        }
      }
      return false;
    });
  }

  private JsonNode poll(long nanos) {
    try {
      return frames.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  @Override
  public void close() {
    outbound.tryEmitComplete();
    connection.dispose();
  }
}
