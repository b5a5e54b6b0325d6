package io.herald.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code java -XX:AOTCacheOutput=herald.aot -jar herald-standalone.jar --train}: a training run
 * for the JDK's ahead-of-time cache (JEP 483/514/515). Starts the whole platform on a throw-away
 * data folder and free loopback ports, drives its hot paths (sign-up, sign-in, checkouts with and
 * without an Idempotency-Key, shop messages, a watching SSE dashboard, refused requests, and chat:
 * {@link ChatTraining}) for a
 * bounded time, stops it and exits; the JVM then writes the cache: loaded and linked classes and
 * the method profiles the JIT would otherwise have to gather again after every start.
 */
final class Training {

  private static final Pattern TOKEN = Pattern.compile("\"accessToken\":\"([^\"]+)\"");
  private static final Pattern USER_ID = Pattern.compile("\"userId\":\"([^\"]+)\"");
  private static final int CONCURRENCY = 16;

  private Training() {}

  /** What a training run did (printed; checked by TrainingTest). */
  record Result(long accepted, long refused, long liveEvents, long chatSent, long chatReceived, long chatFailed) {}

  static Result run(Duration duration) throws Exception {
    Path data = Files.createTempDirectory("herald-train");
    int[] ports = FreePorts.loopback(5);
    StandaloneSettings settings = new StandaloneSettings(data, "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4], 12);
    long t0 = System.nanoTime();
    System.out.printf("herald: AOT training run (%d s of load on throw-away data)...%n", duration.toSeconds());
    HeraldPlatform platform = HeraldPlatform.start(settings, Map.of(
        "herald.ingest.rate-limit.per-user-per-second", 1_000_000, "herald.ingest.rate-limit.per-user-burst", 1_000_000,
        "herald.gateway.chat.inbound-rate", 1_000, "herald.gateway.chat.inbound-burst", 1_000));
    try {
      System.out.printf("herald: training platform up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      return drive(URI.create(settings.url(settings.ingestPort())), URI.create(settings.url(settings.gatewayPort())), duration);
    } finally {
      platform.close();
      deleteTree(data);
    }
  }

  private static Result drive(URI api, URI gateway, Duration duration) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    List<String> shops = List.of("train-" + run + "-0", "train-" + run + "-1", "train-" + run + "-2", "train-" + run + "-3");
    String merchant = signUp(http, api, "merchant-" + run + "@train.test", "merchant",
        ",\"shopIds\":[\"" + String.join("\",\"", shops) + "\"]");
    String customer = signUp(http, api, "customer-" + run + "@train.test", "customer", "");

    // One dashboard per shop, read until the platform closes them.
    AtomicLong events = new AtomicLong();
    for (String shop : shops) {
      HttpRequest stream = HttpRequest.newBuilder(gateway.resolve("/v1/shops/" + shop + "/stream"))
          .header("Authorization", "Bearer " + merchant).header("Accept", "text/event-stream").build();
      http.sendAsync(stream, HttpResponse.BodyHandlers.ofLines())
          .thenAccept(r -> r.body().forEach(l -> {
            if (l.startsWith("event:")) {
              events.incrementAndGet();
            }
          }));
    }

    ChatTraining chat = ChatTraining.prepare(http, api, gateway, run, (email, role) -> {
      try {
        return signUpUser(http, api, email, role, "");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    AtomicLong accepted = new AtomicLong();
    AtomicLong other = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    // one thread per loop: the common pool may run fewer tasks at a time than there are loops
    ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY + ChatTraining.USERS);
    List<CompletableFuture<Void>> loops = new ArrayList<>(chat.drive(end, threads));
    for (int c = 0; c < CONCURRENCY; c++) {
      int client = c;
      loops.add(CompletableFuture.runAsync(() -> {
        for (long i = 0; System.nanoTime() < end && i < 10_000_000; i++) {
          String shop = shops.get((int) (i % shops.size()));
          String id = "t-" + run + "-" + client + "-" + i;
          HttpRequest.Builder b;
          if (i % 50 == 7) {
            b = post(api, "/v1/shops/" + shop + "/messages", customer,
                "{\"kind\":\"note\",\"body\":\"hello " + id + "\",\"attributes\":{\"k\":\"v\"}}");
          } else if (i % 100 == 13) {
            b = post(api, "/v1/shops/" + shop + "/checkouts", customer, "{\"checkoutId\":\"" + id + "\",\"items\":[]}");
          } else {
            b = post(api, "/v1/shops/" + shop + "/checkouts", customer, checkout(id));
            if (i % 4 == 0) {
              b.header("Idempotency-Key", id);
            }
          }
          try {
            int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            (status == 202 ? accepted : other).incrementAndGet();
          } catch (IOException e) {
            other.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, threads));
    }
    try {
      CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(duration.toSeconds() + 60, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    Result result = new Result(accepted.get(), other.get(), events.get(), chat.sent.get(), chat.received.get(),
        chat.failed.get());
    System.out.printf("herald: training load done: %d accepted, %d refused or failed, %d live events read; "
        + "%d chat messages sent, %d delivered to sockets, %d chat loops ended early%n", result.accepted(), result.refused(),
        result.liveEvents(), result.chatSent(), result.chatReceived(), result.chatFailed());
    return result;
  }

  private static HttpRequest.Builder post(URI api, String path, String token, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static String checkout(String id) {
    return "{\"checkoutId\":\"" + id + "\",\"items\":[{\"sku\":\"tea-1\",\"name\":\"Green tea\",\"quantity\":2,"
        + "\"unitPriceMinor\":450},{\"sku\":\"cup-2\",\"name\":\"Cup\",\"quantity\":1,\"unitPriceMinor\":1200}],"
        + "\"totalMinor\":2100,\"currency\":\"EUR\"}";
  }

  private static String signUp(HttpClient http, URI api, String email, String role, String extra) throws Exception {
    return signUpUser(http, api, email, role, extra).token();
  }

  private static ChatTraining.User signUpUser(HttpClient http, URI api, String email, String role, String extra)
      throws Exception {
    String password = "training-password-1";
    HttpResponse<String> created = http.send(post(api, "/v1/users", null, "{\"email\":\"" + email + "\",\"password\":\""
        + password + "\",\"displayName\":\"Training\",\"role\":\"" + role + "\"" + extra + "}").build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("training sign-up failed: " + created.statusCode() + " " + created.body());
    }
    HttpResponse<String> session = http.send(post(api, "/v1/sessions", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = TOKEN.matcher(session.body());
    Matcher id = USER_ID.matcher(session.body());
    if (!m.find() || !id.find()) {
      throw new IllegalStateException("training sign-in failed: " + session.statusCode() + " " + session.body());
    }
    return new ChatTraining.User(m.group(1), id.group(1));
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left in the temp folder
    }
  }
}
