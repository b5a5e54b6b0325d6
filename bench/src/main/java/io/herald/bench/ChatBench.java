package io.herald.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chat over WebSockets at a fixed, bounded rate (open loop). N users, each with one socket; every
 * user is in one direct conversation (pairs) and one small group. Sends go out over the sender's
 * socket on a schedule; latency = the moment the bench emits the {@code send} frame → the moment a
 * recipient's socket gets the {@code message} frame (every recipient counted), and → the sender's
 * {@code sent} ack. Then a group of {@code --chat-big-group} members: latency to the LAST member.
 * Lost = expected deliveries never seen; duplicates and out-of-order by per-socket, per-conversation
 * seq. All ends are in this JVM: one monotonic clock.
 */
final class ChatBench {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN = Duration.ofSeconds(15);
  private static final String PASSWORD = "bench-password-1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Options o;
  private final HeraldClient client;
  private final Probe probe;
  private final Report report;
  private final Platform platform;

  ChatBench(Options o, HeraldClient client, Probe probe, Report report, Platform platform) {
    this.o = o;
    this.client = client;
    this.probe = probe;
    this.report = report;
    this.platform = platform;
  }

  /** A conversation and its members (user indexes). */
  record Conversation(String id, int[] members) {}

  /** One measured phase: every send, its recipients, what arrived. */
  static final class Phase {
    final String prefix;
    final int total;
    final int measuredFrom;
    final Conversation[] sentTo;
    final int[] sender;
    final AtomicLongArray sentAt;
    final AtomicIntegerArray arrived;
    final AtomicLongArray lastArrival;
    final LatencyStats delivery = new LatencyStats();
    final LatencyStats lastMember = new LatencyStats();
    final LatencyStats ack = new LatencyStats();
    final LatencyStats sendLag = new LatencyStats();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong sentAcks = new AtomicLong();
    final ConcurrentHashMap<String, AtomicInteger> errorCodes = new ConcurrentHashMap<>();
    double platformCores = Double.NaN; // over the measured part
    long measuredSeconds;

    Phase(String prefix, int total, int measuredFrom) {
      this.prefix = prefix;
      this.total = total;
      this.measuredFrom = measuredFrom;
      this.sentTo = new Conversation[total];
      this.sender = new int[total];
      this.sentAt = new AtomicLongArray(total);
      this.arrived = new AtomicIntegerArray(total);
      this.lastArrival = new AtomicLongArray(total);
    }

    int expected(int i) {
      return sentTo[i] == null ? 0 : sentTo[i].members().length - 1;
    }
  }

  private volatile Phase phase;
  private List<Integer> measuredRates = List.of();
  private List<Phase> measured = List.of();
  /** Per socket: conversation → last seq seen (duplicates and order). */
  private final List<ConcurrentHashMap<String, Long>> lastSeq = new ArrayList<>();

  /** What the setup made. */
  record Setup(String[] tokens, String[] ids, List<Conversation> directs, List<Conversation> groups, Conversation big) {}

  void run() throws Exception {
    int users = o.integer("chat-users", 2000);
    report.line("## Chat");
    report.line("");
    Setup setup = setUp(users, o.integer("chat-group-size", 8), Math.min(users, o.integer("chat-big-group", 200)));
    LoopResources loops = LoopResources.create("bench-ws", o.integer("event-loops", 2), true);
    HttpClient ws = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
    List<ChatSocket> sockets = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      Report.progress("chat: opening %d sockets", users);
      for (int i = 0; i < users; i++) {
        lastSeq.add(new ConcurrentHashMap<>());
      }
      List<ChatSocket> opened = Flux.range(0, users)
          .flatMapSequential(u -> ChatSocket.open(ws, client.gateway(), setup.tokens()[u], u, this::onFrame, TIMEOUT), 64)
          .collectList().block(TIMEOUT.multipliedBy(5));
      sockets.addAll(opened);
      report.line("setup: %d sockets open (hello, welcome), %.1f s", sockets.size(), (System.nanoTime() - t0) / 1e9);
      // Each socket's catch-up (and the settle pass 2 s later) reads the read model; live traffic on a
      // socket follows its catch-up. Let that finish before the schedule starts.
      Thread.sleep(o.seconds("chat-settle", 5).toMillis());

      List<Integer> rates = o.integers("chat-rates", Integer.toString(o.integer("chat-rate", 500)));
      double groupShare = o.decimal("chat-group-share", 0.2);
      Duration warmup = o.seconds("chat-warmup", 10);
      Duration duration = o.seconds("chat-duration", 30);
      List<Phase> mixedPhases = new ArrayList<>();
      for (int k = 0; k < rates.size(); k++) {
        int rate = rates.get(k);
        report.line("");
        report.line("Mixed load: %d msg/s for %d s (after %d s warm-up, not counted), %.0f%% to groups of %d, the rest direct;"
                + " every recipient's socket counted.", rate, duration.toSeconds(), warmup.toSeconds(), groupShare * 100,
            setup.groups().isEmpty() ? 0 : setup.groups().get(0).members().length);
        Phase mixed = drive("m" + k + "-", sockets, rate, warmup, duration, k == o.integer("chat-jfr-phase", 0) && o.has("chat-jfr"), (i, rnd) ->
            !setup.groups().isEmpty() && rnd.nextDouble() < groupShare
                ? setup.groups().get(rnd.nextInt(setup.groups().size()))
                : setup.directs().get(rnd.nextInt(setup.directs().size())));
        report(mixed, "mixed " + rate + "/s");
        mixedPhases.add(mixed);
      }
      if (rates.size() > 1) {
        sweepTable(rates, mixedPhases);
      }
      measuredRates = rates;
      measured = mixedPhases;

      if (setup.big() != null) {
        int bigRate = o.integer("chat-big-rate", 10);
        Duration bigDuration = o.seconds("chat-big-duration", 20);
        report.line("");
        report.line("Group of %d: %d msg/s for %d s (after %d s warm-up); each message reaches %d sockets.",
            setup.big().members().length, bigRate, bigDuration.toSeconds(), Math.min(5, warmup.toSeconds()),
            setup.big().members().length - 1);
        Phase big = drive("g-", sockets, bigRate, Duration.ofSeconds(Math.min(5, warmup.toSeconds())), bigDuration,
            false, (i, rnd) -> setup.big());
        report(big, "group of " + setup.big().members().length);
      }
    } finally {
      sockets.forEach(ChatSocket::close);
      loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }
    if (o.has("chat-peer")) {
      peerSideBySide(users, o.seconds("chat-warmup", 10), o.seconds("chat-duration", 30));
    }
  }

  /**
   * {@code --chat-peer}: right after Herald's phases, in the same sitting, the peer's own chat bench at
   * each rate (its path: HTTP post → RabbitMQ with confirms → consumer → the receiver's Socket.IO room;
   * one receiver per message, no groups, seq, membership or read model) and the two side by side.
   * Herald's platform stays up, idle, meanwhile (its sockets are closed).
   */
  private void peerSideBySide(int users, Duration warmup, Duration duration) throws Exception {
    report.line("");
    report.line("### The peer, same sitting (`node bench-chat.js`: POST /chat/send → RabbitMQ (confirm) → consumer → Socket.IO room; %d receivers)",
        users);
    report.line("");
    report.line("| msg/s | peer e2e p50 ms | p90 | p99 | max | peer POST→202 p50 / p99 ms | delivered / lost / dup | peer CPU: server + RabbitMQ cores | Herald p50 / p99 ms | Herald `sent` p50 ms | Herald platform cores | Herald / peer p50 | Herald / peer p99 |");
    report.line("| ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | --- | ---: | ---: | ---: | ---: |");
    try (Peer peer = Peer.fromOptions(o)) {
      for (int k = 0; k < measuredRates.size(); k++) {
        int rate = measuredRates.get(k);
        Report.progress("chat: the peer at %d msg/s", rate);
        JsonNode r = JSON.readTree(peer.chatBench(rate, users, warmup, duration).toFile());
        JsonNode e2e = r.path("latencyMs").path("e2e");
        JsonNode ack = r.path("latencyMs").path("httpAck");
        JsonNode counts = r.path("counts");
        JsonNode cpu = r.path("cpu").path("pctOfOneCore");
        double peerCores = (cpu.path("server").asDouble(Double.NaN) + cpu.path("rabbitmq").asDouble(0)) / 100;
        Phase h = measured.get(k);
        double hp50 = h.delivery.millisAt(50);
        double hp99 = h.delivery.millisAt(99);
        report.line(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s / %s | %d / %d / %d | %.2f | %s / %s | %s | %.2f | %.1f× | %.1f× |",
            rate, e2e.path("p50").asString(), e2e.path("p90").asString(), e2e.path("p99").asString(), e2e.path("max").asString(),
            ack.path("p50").asString(), ack.path("p99").asString(), counts.path("delivered").asLong(), counts.path("lost").asLong(),
            counts.path("duplicates").asLong(), peerCores, LatencyStats.ms(hp50), LatencyStats.ms(hp99),
            LatencyStats.ms(h.ack.millisAt(50)), h.platformCores, hp50 / e2e.path("p50").asDouble(Double.NaN),
            hp99 / e2e.path("p99").asDouble(Double.NaN)));
      }
    }
  }

  interface Picker {
    Conversation pick(int i, ThreadLocalRandom rnd);
  }

  /** Sends {@code rate}/s for warm-up + duration on one pacing thread, then waits for the stragglers (bounded). */
  private Phase drive(String prefix, List<ChatSocket> sockets, int rate, Duration warmup, Duration duration, boolean jfr,
                      Picker picker) throws InterruptedException {
    int warm = (int) (rate * warmup.toSeconds());
    int total = warm + (int) (rate * duration.toSeconds());
    Phase p = new Phase(prefix, total, warm);
    phase = p;
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime() + 20_000_000L;
    java.util.concurrent.CompletableFuture<Probe.CpuWindow> cpu = null;
    java.util.concurrent.CompletableFuture<PlatformJmx.Snapshot> jmxBefore = null;
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(Math.min(due - now, 200_000));
      }
      if (i == warm) { // off the pacing thread: jcmd takes a while
        cpu = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          if (jfr) {
            platform.jcmd("JFR.start", "name=chat", "settings=profile",
                "filename=" + report.file().resolveSibling("chat-" + rate + ".jfr"));
          }
          return probe.cpuWindow();
        });
        jmxBefore = java.util.concurrent.CompletableFuture.supplyAsync(() -> PlatformJmx.take(platform.pid()));
      }
      Conversation c = picker.pick(i, rnd);
      int sender = c.members()[rnd.nextInt(c.members().length)];
      p.sentTo[i] = c;
      p.sender[i] = sender;
      String id = p.prefix + i;
      p.sentAt.set(i, System.nanoTime());
      if (i >= warm) {
        p.sendLag.record(System.nanoTime() - due);
      }
      sockets.get(sender).send("{\"type\":\"send\",\"ref\":\"" + id + "\",\"conversationId\":\"" + c.id()
          + "\",\"clientMsgId\":\"" + id + "\",\"body\":\"bench message " + id + "\"}");
    }
    Probe.CpuWindow window = cpu == null ? null : cpu.join();
    List<String> cpuLines = new ArrayList<>(window == null ? List.of() : window.finish(6));
    PlatformJmx.Snapshot before = jmxBefore == null ? PlatformJmx.Snapshot.NONE : jmxBefore.join();
    PlatformJmx.Snapshot after = before.available() ? PlatformJmx.take(platform.pid()) : PlatformJmx.Snapshot.NONE;
    cpuLines.add(after.brokerRequests().isEmpty() ? "broker requests per message: not available (platform not attachable)"
        : "broker requests per message: " + PlatformJmx.perMessage(before.brokerRequests(), after.brokerRequests(), total - warm));
    cpuLines.add("platform allocation: " + before.allocationPer(after, total - warm, "message"));
    p.platformCores = window == null ? Double.NaN : window.platformCores();
    p.measuredSeconds = duration.toSeconds();
    if (jfr) {
      platform.jcmd("JFR.stop", "name=chat");
    }
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (System.nanoTime() < deadline && (pending(p) > 0 || p.sentAcks.get() + p.errors.get() < total)) {
      Thread.sleep(50); // bounded drain wait of the load generator; nothing is asserted on time
    }
    cpuLines.forEach(report::line);
    return p;
  }

  private static long pending(Phase p) {
    long missing = 0;
    for (int i = 0; i < p.total; i++) {
      missing += Math.max(0, p.expected(i) - p.arrived.get(i));
    }
    return missing;
  }

  /** On a socket's event loop: one inbound frame. */
  private void onFrame(ChatSocket s, String text) {
    long now = System.nanoTime();
    Phase p = phase;
    if (p == null) {
      return;
    }
    if (text.startsWith("{\"type\":\"message\"")) {
      JsonNode m = JSON.readTree(text);
      String conversation = m.get("conversationId").asString();
      long seq = m.get("seq").asLong();
      Long before = lastSeq.get(s.user).put(conversation, seq);
      if (before != null && seq <= before) {
        p.duplicates.incrementAndGet();
      } else if (before != null && seq != before + 1) {
        p.outOfOrder.incrementAndGet();
      }
      int i = index(p, m.get("clientMsgId").asString());
      if (i < 0 || p.sender[i] == s.user) {
        return; // another phase's, or the sender's own echo
      }
      int n = p.arrived.incrementAndGet(i);
      if (n > p.expected(i)) {
        return;
      }
      long latency = now - p.sentAt.get(i);
      if (i >= p.measuredFrom) {
        p.delivery.record(latency);
        if (n == p.expected(i)) {
          p.lastMember.record(latency);
        }
      }
    } else if (text.startsWith("{\"type\":\"sent\"")) {
      int i = index(p, SseParser.jsonField(text, "ref"));
      if (i >= 0) {
        p.sentAcks.incrementAndGet();
        if (i >= p.measuredFrom) {
          p.ack.record(now - p.sentAt.get(i));
        }
      }
    } else if (text.startsWith("{\"type\":\"error\"")) {
      p.errors.incrementAndGet();
      String code = SseParser.jsonField(text, "code");
      p.errorCodes.computeIfAbsent(code == null ? "?" : code, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private static int index(Phase p, String id) {
    if (id == null || !id.startsWith(p.prefix)) {
      return -1;
    }
    try {
      int i = Integer.parseInt(id.substring(p.prefix.length()));
      return i < p.total ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long lost(Phase p) {
    long lost = 0;
    for (int i = 0; i < p.total; i++) {
      lost += Math.max(0, p.expected(i) - p.arrived.get(i));
    }
    return lost;
  }

  /** One line per rate of {@code --chat-rates}, with the platform's CPU per message sent. */
  private void sweepTable(List<Integer> rates, List<Phase> phases) {
    report.line("");
    report.line("Rate sweep (one platform, the same sockets, rates in this order; each after its own warm-up):");
    report.line("");
    report.line("| msg/s | deliveries | p50 ms | p90 ms | p99 ms | max ms | `sent` p50 / p99 ms | platform cores | platform CPU ms per message | lost / dup / out of order |");
    report.line("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |");
    for (int k = 0; k < rates.size(); k++) {
      Phase p = phases.get(k);
      report.line(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s / %s | %.2f | %.2f | %d / %d / %d |", rates.get(k),
          p.delivery.count(), LatencyStats.ms(p.delivery.millisAt(50)), LatencyStats.ms(p.delivery.millisAt(90)),
          LatencyStats.ms(p.delivery.millisAt(99)), LatencyStats.ms(p.delivery.maxMillis()), LatencyStats.ms(p.ack.millisAt(50)),
          LatencyStats.ms(p.ack.millisAt(99)), p.platformCores, 1000 * p.platformCores / rates.get(k), lost(p),
          p.duplicates.get(), p.outOfOrder.get()));
    }
  }

  private void report(Phase p, String label) {
    long expected = 0;
    for (int i = 0; i < p.total; i++) {
      expected += p.expected(i);
    }
    long lost = lost(p);
    report.line("");
    report.line(LatencyStats.header());
    report.line(p.delivery.row(label + ": send frame → each recipient's message frame"));
    report.line(p.lastMember.row(label + ": send frame → last recipient"));
    report.line(p.ack.row(label + ": send frame → sent ack"));
    report.line(p.sendLag.row(label + ": generator lateness"));
    report.line("");
    report.line(String.format(Locale.ROOT,
        "%s: sends %d (acked %d, errors %d %s), deliveries expected %d, lost %d, duplicates %d, out of order %d",
        label, p.total, p.sentAcks.get(), p.errors.get(), p.errorCodes, expected, lost, p.duplicates.get(), p.outOfOrder.get()));
    Report.progress("%s: delivery %s; ack %s; lost %d dup %d ooo %d", label, p.delivery.summary(), p.ack.summary(), lost,
        p.duplicates.get(), p.outOfOrder.get());
  }

  /** Signs up {@code tokens.length} customers {@code prefix-i@bench.test} on {@code pool}; fills their access tokens. */
  static void signUp(HeraldClient client, ExecutorService pool, String prefix, String[] tokens) throws Exception {
    List<Future<?>> jobs = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      int u = i;
      jobs.add(pool.submit(() -> {
        tokens[u] = client.signUpAndSignIn(prefix + "-" + u + "@bench.test", PASSWORD, "customer", List.of(), TIMEOUT);
      }));
    }
    for (Future<?> f : jobs) {
      f.get();
    }
  }

  private Setup setUp(int users, int groupSize, int bigGroup) throws Exception {
    String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Report.progress("chat: signing up %d users", users);
    long t0 = System.nanoTime();
    String[] tokens = new String[users];
    String[] ids = new String[users];
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      signUp(client, pool, "chat-" + run, tokens);
      for (int u = 0; u < users; u++) {
        ids[u] = subject(tokens[u]);
      }
      report.line("setup: %d users signed up and in, %.1f s", users, (System.nanoTime() - t0) / 1e9);

      t0 = System.nanoTime();
      List<Future<Conversation>> directs = new ArrayList<>();
      for (int i = 0; i + 1 < users; i += 2) {
        int a = i;
        directs.add(pool.submit(() -> create(tokens[a], "{\"type\":\"direct\",\"userId\":\"" + ids[a + 1] + "\"}",
            new int[] {a, a + 1})));
      }
      List<Future<Conversation>> groups = new ArrayList<>();
      for (int g = 0; groupSize >= 2 && g + groupSize <= users; g += groupSize) {
        int[] m = new int[groupSize];
        for (int k = 0; k < groupSize; k++) {
          m[k] = g + k;
        }
        groups.add(pool.submit(() -> create(tokens[m[0]], groupJson(ids, m), m)));
      }
      int[] members = new int[bigGroup];
      for (int k = 0; k < bigGroup; k++) {
        members[k] = k;
      }
      Conversation big = bigGroup >= 2 ? create(tokens[0], groupJson(ids, members), members) : null;
      Setup setup = new Setup(tokens, ids, values(directs), values(groups), big);
      report.line("setup: %d direct conversations, %d groups of %d, one group of %d, %.1f s", setup.directs().size(),
          setup.groups().size(), groupSize, bigGroup, (System.nanoTime() - t0) / 1e9);
      return setup;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Conversation> values(List<Future<Conversation>> futures) throws Exception {
    List<Conversation> out = new ArrayList<>();
    for (Future<Conversation> f : futures) {
      out.add(f.get());
    }
    return out;
  }

  private Conversation create(String token, String json, int[] members) {
    HeraldClient.Answer a = client.post("/v1/conversations", token, json).block(TIMEOUT);
    if (a == null || (a.status() != 201 && a.status() != 200)) {
      throw new IllegalStateException("cannot create a conversation: " + a);
    }
    return new Conversation(SseParser.jsonField(a.body(), "conversationId"), members);
  }

  private static String groupJson(String[] ids, int[] members) {
    StringBuilder sb = new StringBuilder("{\"type\":\"group\",\"name\":\"bench\",\"members\":[");
    for (int k = 1; k < members.length; k++) {
      sb.append(k == 1 ? "" : ",").append('"').append(ids[members[k]]).append('"');
    }
    return sb.append("]}").toString();
  }

  /** The user id is the access token's subject. */
  static String subject(String jwt) {
    String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    return JSON.readTree(payload).get("sub").asString();
  }
}
