package io.herald.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The platform's public HTTP API as the bench uses it: accounts, sign-in, checkouts (ingest API)
 * and merchant SSE streams (gateway). Refuses any address that is not loopback.
 */
final class HeraldClient implements AutoCloseable {

  /** An HTTP answer: status and body. */
  record Answer(int status, String body) {}

  private final URI ingest;
  private final URI gateway;
  private final LoopResources loops;
  private final ConnectionProvider apiPool;
  private final HttpClient api;
  private final HttpClient sse;

  HeraldClient(URI ingest, URI gateway, int maxApiConnections, int eventLoops) {
    this.ingest = requireLoopback(ingest);
    this.gateway = requireLoopback(gateway);
    this.loops = LoopResources.create("bench", eventLoops, true);
    this.apiPool = ConnectionProvider.builder("bench-api")
        .maxConnections(maxApiConnections)
        .pendingAcquireMaxCount(Math.max(1000, maxApiConnections * 16))
        .pendingAcquireTimeout(Duration.ofSeconds(60))
        .maxIdleTime(Duration.ofSeconds(50))
        .build();
    this.api = HttpClient.create(apiPool).runOn(loops).keepAlive(true)
        .baseUrl(ingest.toString())
        .responseTimeout(Duration.ofSeconds(30))
        .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    // SSE: one dedicated connection per stream, never pooled, no read timeout (heartbeats are 15 s apart).
    this.sse = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops)
        .baseUrl(gateway.toString());
  }

  static URI requireLoopback(URI uri) {
    try {
      InetAddress address = InetAddress.getByName(uri.getHost());
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("the bench only sends traffic to loopback addresses, not " + uri);
      }
      return uri;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host in " + uri, e);
    }
  }

  URI ingest() {
    return ingest;
  }

  URI gateway() {
    return gateway;
  }

  /** POST with a JSON body; {@code token} may be null. The body is always read (keep-alive). */
  Mono<Answer> post(String path, String token, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return api.request(HttpMethod.POST).uri(path)
        .send((req, out) -> {
          req.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length));
          if (token != null) {
            req.header(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
          }
          return out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)));
        })
        .responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(b -> new Answer(res.status().code(), b)));
  }

  Mono<Answer> get(URI base, String path) {
    return HttpClient.create(apiPool).runOn(loops).baseUrl(requireLoopback(base).toString())
        .responseTimeout(Duration.ofSeconds(30))
        .get().uri(path)
        .responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(b -> new Answer(res.status().code(), b)));
  }

  /** Registers a user (201 expected) and signs in; returns the access token. */
  String signUpAndSignIn(String email, String password, String role, List<String> shopIds, Duration timeout) {
    String shops = shopIds.isEmpty() ? "" : ",\"shopIds\":[" + String.join(",", shopIds.stream().map(s -> "\"" + s + "\"").toList()) + "]";
    String register = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"displayName\":\"Bench\",\"role\":\""
        + role + "\"" + shops + "}";
    Answer created = post("/v1/users", null, register).block(timeout);
    if (created == null || created.status() != 201) {
      throw new IllegalStateException("sign-up of " + email + " failed: " + created);
    }
    Answer session = post("/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").block(timeout);
    String token = session == null ? null : SseParser.jsonField(session.body(), "accessToken");
    if (session == null || session.status() != 200 || token == null) {
      throw new IllegalStateException("sign-in of " + email + " failed: " + session);
    }
    return token;
  }

  /** A valid checkout of two items (2 x 450 + 1 x 1200 = 2100 EUR minor units). */
  static String checkoutJson(String checkoutId) {
    return "{\"checkoutId\":\"" + checkoutId + "\",\"items\":["
        + "{\"sku\":\"tea-1\",\"name\":\"Green tea\",\"quantity\":2,\"unitPriceMinor\":450},"
        + "{\"sku\":\"cup-2\",\"name\":\"Cup\",\"quantity\":1,\"unitPriceMinor\":1200}],"
        + "\"totalMinor\":2100,\"currency\":\"EUR\"}";
  }

  Mono<Answer> postCheckout(String shopId, String token, String checkoutId) {
    return post("/v1/shops/" + shopId + "/checkouts", token, checkoutJson(checkoutId));
  }

  /**
   * Opens {@code GET /v1/shops/{shopId}/stream} (live only) from {@code sourceAddress}. Chunks go
   * to the parser stamped with their arrival time; {@code onStatus} gets the response status,
   * {@code onEnd} the end of the stream (null error when it completed). The stream ends by itself
   * after {@code maxLife} at the latest.
   */
  Disposable openStream(String shopId, String token, String sourceAddress, SseParser parser, Consumer<Integer> onStatus,
                        Consumer<Throwable> onEnd, Duration maxLife) {
    return openStream(shopId, "", token, sourceAddress, parser, onStatus, onEnd, maxLife);
  }

  /** The same with a query ({@code "?lastMinutes=5"}: a replay, then live). */
  Disposable openStream(String shopId, String query, String token, String sourceAddress, SseParser parser,
                        Consumer<Integer> onStatus, Consumer<Throwable> onEnd, Duration maxLife) {
    AtomicBoolean statusSeen = new AtomicBoolean();
    return sse.bindAddress(() -> new InetSocketAddress(sourceAddress, 0))
        .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token).set(HttpHeaderNames.ACCEPT, "text/event-stream"))
        .get().uri("/v1/shops/" + shopId + "/stream" + query)
        .response((res, body) -> {
          if (statusSeen.compareAndSet(false, true)) {
            onStatus.accept(res.status().code());
          }
          return body.doOnNext(buf -> {
            long now = System.nanoTime();
            int n = buf.readableBytes();
            byte[] bytes = new byte[n];
            buf.getBytes(buf.readerIndex(), bytes);
            parser.feed(bytes, 0, n, now);
          }).then();
        })
        .take(maxLife)
        .subscribe(null, onEnd, () -> onEnd.accept(null));
  }

  @Override
  public void close() {
    apiPool.disposeLater().block(Duration.ofSeconds(10));
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
  }
}
