package io.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.util.concurrent.Queues;

/**
 * The seed-style peer (Express 5 + RabbitMQ with publisher confirms + Socket.IO, one Node
 * process) from {@code peer-socketio-rabbitmq}: copied to a writable folder, started with its own
 * {@code start.sh} on a loopback port, stopped by the server's PID only. RabbitMQ is shared with
 * whoever else uses it on 127.0.0.1:5672 and is never stopped here; this peer uses its own queue
 * names so another peer on the same broker cannot consume this run's checkouts.
 */
final class Peer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final Path dir;
  private final URI url;
  private final long serverPid; // -1 when attached
  private final LoopResources loops;
  private final HttpClient sockets;

  private Peer(Path dir, URI url, long serverPid) {
    this.dir = dir;
    this.url = HeraldClient.requireLoopback(url);
    this.serverPid = serverPid;
    this.loops = LoopResources.create("bench-peer-ws", 1, true);
    this.sockets = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
  }

  /** {@code --peer-url} (attach), else started from {@code --peer-source} in {@code --peer-dir} on {@code --peer-port}. */
  static Peer fromOptions(Options o) throws IOException, InterruptedException {
    if (o.has("peer-url")) {
      return attach(URI.create(o.string("peer-url", "")));
    }
    Path source = Path.of(o.string("peer-source", PeerBench.defaultPeerSource()));
    Path dir = Path.of(o.string("peer-dir", "target/peer")).toAbsolutePath().normalize();
    int port = o.integer("peer-port", 18081);
    Report.progress("starting the peer from %s in %s on 127.0.0.1:%d", source, dir, port);
    return start(source, dir, port);
  }

  /** An already running peer (nothing is started or stopped). */
  static Peer attach(URI url) {
    return new Peer(null, url, -1);
  }

  /**
   * Copies {@code source} to {@code dir} (once), runs its {@code start.sh} with {@code PORT=port}
   * (it installs RabbitMQ and node_modules when missing, and starts RabbitMQ only when nothing
   * listens on 5672) and waits, bounded, for it to answer.
   */
  static Peer start(Path source, Path dir, int port) throws IOException, InterruptedException {
    if (!Files.isRegularFile(source.resolve("server.js"))) {
      throw new IllegalStateException("no peer at " + source + " (--peer-source)");
    }
    if (!Files.isRegularFile(dir.resolve("server.js"))) {
      Files.createDirectories(dir);
      run(List.of("cp", "-R", source + "/.", dir.toString()), dir, Map.of(), Duration.ofMinutes(1));
      run(List.of("chmod", "-R", "u+w", dir.toString()), dir, Map.of(), Duration.ofMinutes(1));
    }
    String suffix = "herald-bench-" + port;
    run(List.of("bash", "start.sh"), dir, Map.of("PORT", Integer.toString(port),
        "CHECKOUT_QUEUE", "shop.checkouts." + suffix, "CHAT_QUEUE", "chat.messages." + suffix), START_TIMEOUT);
    // Never stop the broker from here (others share it): forget that start.sh may have started it.
    Files.deleteIfExists(dir.resolve("run/rabbitmq.pid"));
    Files.deleteIfExists(dir.resolve("run/epmd.pid"));
    long pid = Long.parseLong(Files.readString(dir.resolve("run/server.pid")).trim());
    return new Peer(dir, URI.create("http://127.0.0.1:" + port), pid);
  }

  private static void run(List<String> cmd, Path dir, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(cmd + " did not finish within " + timeout);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(cmd + " failed (" + p.exitValue() + "):\n" + new String(out));
    }
  }

  URI url() {
    return url;
  }

  /**
   * The peer's own chat bench ({@code node bench-chat.js}: HTTP {@code POST /chat/send} → RabbitMQ
   * with publisher confirms → consumer → the receiver's Socket.IO room, one receiver per message) at
   * {@code rate}/s for warm-up + duration over {@code users} receiver sockets, bounded; returns the
   * result file it writes. Needs a peer started here (its folder holds the script).
   */
  Path chatBench(int rate, int users, Duration warmup, Duration duration) throws IOException, InterruptedException {
    if (dir == null) {
      throw new IllegalStateException("the peer's chat bench needs a peer started by the bench (not --peer-url)");
    }
    // The script waits for the default queue to drain; this peer uses its own queue (see start).
    Path script = dir.resolve("bench-chat.js");
    String js = Files.readString(script);
    String fixed = js.replace("const QUEUE = 'chat.messages';", "const QUEUE = process.env.CHAT_QUEUE || 'chat.messages';");
    if (!fixed.equals(js)) {
      Files.writeString(script, fixed);
    }
    String label = "herald-bench-" + rate + "-" + System.nanoTime() % 1_000_000;
    run(List.of("node", "bench-chat.js", "--port=" + url.getPort(), "--rate=" + rate, "--users=" + users,
            "--warmup=" + warmup.toSeconds(), "--duration=" + duration.toSeconds(), "--label=" + label),
        dir, Map.of("CHAT_QUEUE", "chat.messages.herald-bench-" + url.getPort()),
        warmup.plus(duration).plus(Duration.ofMinutes(4)));
    try (Stream<Path> files = Files.list(dir.resolve("results"))) {
      return files.filter(f -> f.getFileName().toString().endsWith("-" + label + ".json")).findFirst()
          .orElseThrow(() -> new IllegalStateException("the peer's chat bench wrote no result for " + label));
    }
  }

  long serverPid() {
    return serverPid;
  }

  /** CPU milliseconds of the peer's server process and of the RabbitMQ node (beam); -1 when unknown. */
  long cpuMillis() {
    if (serverPid < 0) {
      return -1;
    }
    long server = Platform.cpuMillis(Long.toString(serverPid));
    long broker = rabbitPid().map(pid -> Platform.cpuMillis(Long.toString(pid))).orElse(0L);
    return server < 0 ? -1 : server + Math.max(0, broker);
  }

  /** The RabbitMQ node's PID from its Debian pid file, if readable. */
  static Optional<Long> rabbitPid() {
    try (Stream<Path> files = Files.list(Path.of("/var/lib/rabbitmq/mnesia"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".pid")).findFirst().map(f -> {
        try {
          return Long.parseLong(Files.readString(f).trim());
        } catch (IOException | NumberFormatException e) {
          return -1L;
        }
      }).filter(pid -> pid > 0);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * One Socket.IO subscriber (Engine.IO v4 over a WebSocket) per shop, joined to room
   * {@code shop:<id>} through the handshake's auth; {@code checkout} events go to the listener.
   * Returns once all are connected or failed, or after {@code deadline}.
   */
  Subscribers subscribe(List<String> shops, Dashboards.CheckoutListener listener, Duration deadline, Duration maxLife)
      throws InterruptedException {
    Subscribers s = new Subscribers();
    String wsUrl = "ws://" + url.getHost() + ":" + url.getPort() + "/socket.io/?EIO=4&transport=websocket";
    for (String shop : shops) {
      Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(64).get());
      Disposable d = sockets.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
          .uri(wsUrl)
          .handle((in, out) -> {
            Mono<Void> reading = in.aggregateFrames().receive().asString().doOnNext(frame -> {
              long now = System.nanoTime();
              String checkoutId = checkoutId(frame);
              if (checkoutId != null) {
                listener.onCheckout(checkoutId, now);
                return;
              }
              String reply = reply(frame, shop);
              if (reply != null) {
                outbound.tryEmitNext(reply);
              } else if (frame.startsWith("40")) {
                s.connected.incrementAndGet();
              } else if (frame.startsWith("44")) {
                s.fail("connect_error " + frame);
              }
            }).then();
            return out.sendString(outbound.asFlux()).then().and(reading);
          })
          .take(maxLife)
          .subscribe(null, e -> s.fail(e.getClass().getSimpleName() + ": " + e.getMessage()), () -> { });
      s.connections.add(d);
    }
    long end = System.nanoTime() + deadline.toNanos();
    while (s.connected.get() + s.failed.get() < shops.size() && System.nanoTime() < end) {
      Thread.sleep(20); // bounded wait for the subscribers to connect, before anything is measured
    }
    return s;
  }

  /** The checkout id of a Socket.IO {@code checkout} event frame ({@code 42["checkout",{...}]}), else null. */
  static String checkoutId(String frame) {
    return frame.startsWith("42[\"checkout\"") ? SseParser.jsonField(frame, "checkoutId") : null;
  }

  /**
   * What a subscriber answers to a frame, or null: Engine.IO open ({@code 0{...}}) → Socket.IO
   * connect with the shop in its auth ({@code 40{"shopId":...}}); ping ({@code 2}) → pong ({@code 3}).
   */
  static String reply(String frame, String shop) {
    if (frame.equals("2")) {
      return "3";
    }
    if (frame.startsWith("0")) {
      return "40{\"shopId\":\"" + shop + "\"}";
    }
    return null;
  }

  /** The Socket.IO connections of one phase. */
  static final class Subscribers implements AutoCloseable {
    private final List<Disposable> connections = new ArrayList<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private void fail(String reason) {
      failed.incrementAndGet();
      failures.computeIfAbsent(reason.length() > 120 ? reason.substring(0, 120) : reason, k -> new AtomicInteger())
          .incrementAndGet();
    }

    int connected() {
      return connected.get();
    }

    Map<String, AtomicInteger> failures() {
      return failures;
    }

    @Override
    public void close() {
      connections.forEach(Disposable::dispose);
    }
  }

  /** Stops the server process this run started (SIGTERM, then SIGKILL after 15 s); never RabbitMQ. */
  @Override
  public void close() {
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
    if (serverPid < 0) {
      return;
    }
    ProcessHandle.of(serverPid).ifPresent(h -> {
      h.destroy();
      try {
        h.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    });
    try {
      Files.deleteIfExists(dir.resolve("run/server.pid"));
    } catch (IOException e) {
      // a stale pid file; start.sh checks the process before trusting it
    }
  }
}
