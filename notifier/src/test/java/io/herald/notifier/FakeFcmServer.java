package io.herald.notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server speaking FCM v1 {@code POST /v1/projects/<id>/messages:send}: it records each
 * request and answers per token: a scripted list of statuses (the last repeats), 200 by default.
 */
final class FakeFcmServer implements AutoCloseable {

  record Received(String path, String authorization, String body, String token) {}

  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, List<Integer>> script = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile long delayMs;

  FakeFcmServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Makes every answer take this long (a slow FCM, so a batch is still in flight when a test kills the sender). */
  void delay(Duration d) {
    delayMs = d.toMillis();
  }

  /** Statuses answered to successive sends to {@code token}; 404 answers FCM's UNREGISTERED. */
  void script(String token, Integer... statuses) {
    script.put(token, List.of(statuses));
  }

  List<Received> to(String token) {
    return received.stream().filter(r -> token.equals(r.token())).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (delayMs > 0) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Matcher m = TOKEN.matcher(body);
    String token = m.find() ? m.group(1) : null;
    received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"), body, token));
    int n = calls.computeIfAbsent(String.valueOf(token), t -> new AtomicInteger()).getAndIncrement();
    List<Integer> s = script.getOrDefault(String.valueOf(token), List.of(200));
    int status = s.get(Math.min(n, s.size() - 1));
    // the shape FCM answers: a google.rpc status plus the FCM error code in details
    java.util.function.BiFunction<String, String, String> error = (rpc, code) -> "{\"error\":{\"code\":" + status
        + ",\"message\":\"scripted\",\"status\":\"" + rpc + "\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"" + code + "\"}]}}";
    String answer = switch (status) {
      case 200 -> "{\"name\":\"projects/demo-test/messages/" + ids.incrementAndGet() + "\"}";
      case 404 -> error.apply("NOT_FOUND", "UNREGISTERED");
      case 400 -> error.apply("INVALID_ARGUMENT", "INVALID_ARGUMENT");
      default -> "{\"error\":{\"code\":" + status + ",\"message\":\"scripted\",\"status\":\"UNAVAILABLE\"}}";
    };
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
