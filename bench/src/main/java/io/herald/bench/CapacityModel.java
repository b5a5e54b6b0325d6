package io.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of docs/scaling.md: from per-unit costs measured by this bench on the project's
 * 2-vCPU machine and a target load, the partitions, brokers, stream-processor instances, gateways,
 * memory and CPU it takes, and which limit is reached first. Every input is an option, so a new
 * measurement (or a bigger machine) re-runs the model: {@code Bench capacity --chat-rate 50000 ...}.
 */
final class CapacityModel {

  /** Measured per-unit costs (defaults: this machine, see docs/scaling.md for the run behind each). */
  record Costs(
      double heapPerSocketKb,           // chat WebSocket, live heap (session 10: 24.1 kB; session 5: 27.7)
      double heapPerStreamKb,           // SSE dashboard stream, live heap (session 10: 21.9 kB; session 5: 31.1)
      double cpuPerChatMessageMs,       // whole platform, per message sent, warm (session 4: 3.68 ms incl. 0.40 JIT)
      double brokerShare,               // of that: broker request handlers + network threads (22 %)
      double gatewayShare,              // WebSocket event loops (9 %)
      double mongoShare,                // Mongo-wire server (11 %)
      double jitShare,                  // C2 compiler (11 %): gone at steady state
      double conversationThreadMsgPerSec, // one conversation stream thread saturates at (12 % of 1.84 cores for 500/s)
      double deliveriesPerMessage,      // recipients per message in the bench mix (2.22)
      double cpuPerCheckoutMs,          // whole platform per accepted checkout, warm (0.87-0.90 ms)
      double checkoutIngestShare,       // of that: web loops, rendering, producer I/O (70 %, ingest JFR)
      double checkoutBrokerShare,       // broker handlers + network (17 %)
      double checkoutProcessorShare,    // shop-figures topology (7 %)
      double replicaCost,               // a follower's fetch + write, relative to the leader's produce (assumed 0.5)
      double skipCpuMicros,             // a gateway reader skipping a record it does not hold (0.47 us)
      double fanoutCpuMicrosPerFrame,   // SSE fan-out per stream per event (35 us quiet, Nov.)
      double recordBytes) {             // average Avro record + overhead on the wire (~400 B)

    static Costs measured(Options o) {
      return new Costs(
          o.decimal("heap-per-socket-kb", 24.1), o.decimal("heap-per-stream-kb", 21.9),
          o.decimal("cpu-per-chat-message-ms", 3.68), o.decimal("broker-share", 0.22), o.decimal("gateway-share", 0.09),
          o.decimal("mongo-share", 0.11), o.decimal("jit-share", 0.11), o.decimal("conversation-thread-msgs", 2270),
          o.decimal("deliveries-per-message", 2.22), o.decimal("cpu-per-checkout-ms", 0.9),
          o.decimal("checkout-ingest-share", 0.70), o.decimal("checkout-broker-share", 0.17),
          o.decimal("checkout-processor-share", 0.07), o.decimal("replica-cost", 0.5),
          o.decimal("skip-cpu-us", 0.47), o.decimal("fanout-cpu-us", 35), o.decimal("record-bytes", 400));
    }
  }

  /** The load to plan for, and the machine and limits to plan with. */
  record Load(double users, double socketsPerUser, double chatRate, double shops, double dashboardsPerShop,
              double checkoutRate, double gatewayHeapGb, double gatewayConnectionsCap, double coresPerMachine,
              double replication, double headroom) {

    static Load of(Options o) {
      return new Load(o.decimal("users", 1_000_000), o.decimal("sockets-per-user", 1), o.decimal("chat-rate", 50_000),
          o.decimal("shops", 10_000), o.decimal("dashboards-per-shop", 2), o.decimal("checkout-rate", 2_000),
          o.decimal("gateway-heap-gb", 4), o.decimal("gateway-connections-cap", 100_000), o.decimal("cores", 8),
          o.decimal("replication", 3), o.decimal("headroom", 0.5));
    }
  }

  record Line(String what, String value, String derivation) {}

  private CapacityModel() {}

  static List<Line> plan(Costs c, Load l) {
    List<Line> out = new ArrayList<>();
    double usable = 1 - l.headroom(); // plan each resource to this fraction of its capacity
    // Connections and gateways
    double sockets = l.users() * l.socketsPerUser();
    double streams = l.shops() * l.dashboardsPerShop();
    double connHeapGb = (sockets * c.heapPerSocketKb() + streams * c.heapPerStreamKb()) / 1e6;
    double byHeap = Math.ceil(connHeapGb / (l.gatewayHeapGb() * usable));
    double byConnections = Math.ceil((sockets + streams) / (l.gatewayConnectionsCap() * usable));
    double deliveries = l.chatRate() * c.deliveriesPerMessage();
    double gatewayCoresChat = (l.chatRate() + deliveries) * cpuPerFrameMs(c) / 1000;
    double dashboardFrames = l.checkoutRate() * l.dashboardsPerShop();
    double gatewayCoresSse = dashboardFrames * c.fanoutCpuMicrosPerFrame() / 1e6;
    double byCpu = Math.ceil((gatewayCoresChat + gatewayCoresSse) / (l.coresPerMachine() * usable));
    double gateways = Math.max(Math.max(byHeap, byConnections), Math.max(byCpu, 2));
    out.add(new Line("connections", fmt(sockets + streams),
        fmt(sockets) + " chat sockets + " + fmt(streams) + " dashboard streams"));
    out.add(new Line("connection heap", fmt1(connHeapGb) + " GB",
        "sockets x " + c.heapPerSocketKb() + " kB + streams x " + c.heapPerStreamKb() + " kB"));
    out.add(new Line("gateways", fmt(gateways), String.format(Locale.ROOT,
        "max(heap %s, connections %s, CPU %s, 2); each %s GB heap, %s connections, %s cores at %.0f %% use",
        fmt(byHeap), fmt(byConnections), fmt(byCpu), fmt(l.gatewayHeapGb()), fmt(l.gatewayConnectionsCap()),
        fmt(l.coresPerMachine()), usable * 100)));
    out.add(new Line("gateway CPU", fmt1(gatewayCoresChat + gatewayCoresSse) + " cores",
        fmt(l.chatRate() + deliveries) + " chat frames/s x " + fmt2(cpuPerFrameMs(c)) + " ms + "
            + fmt(dashboardFrames) + " dashboard frames/s x " + fmt(c.fanoutCpuMicrosPerFrame()) + " us"));
    double readAllMbPerGateway = deliveries * c.recordBytes() / 1e6;
    double readAllSkipCores = deliveries * c.skipCpuMicros() / 1e6;
    out.add(new Line("chat reader, mode all", fmt1(readAllMbPerGateway) + " MB/s per gateway",
        "every gateway fetches all " + fmt(deliveries) + " deliveries/s: " + fmt(readAllMbPerGateway * gateways)
            + " MB/s of broker egress in all, skipping costs " + fmt2(readAllSkipCores) + " cores per gateway"));
    out.add(new Line("chat reader, mode routed", fmt1(readAllMbPerGateway / gateways) + " MB/s per gateway",
        "each gateway fetches only its slot's deliveries (1/" + fmt(gateways) + ")"));
    // Stream processors
    double processorShare = 1 - c.brokerShare() - c.gatewayShare() - c.mongoShare() - c.jitShare();
    double processorCores = l.chatRate() * c.cpuPerChatMessageMs() * processorShare / 1000
        + l.checkoutRate() * c.cpuPerCheckoutMs() * c.checkoutProcessorShare() / 1000;
    double conversationPartitions = nextPow2(Math.ceil(l.chatRate() / (c.conversationThreadMsgPerSec() * usable)));
    double processorInstances = Math.max(2, Math.ceil(processorCores / (l.coresPerMachine() * usable)));
    out.add(new Line("stream-processor CPU", fmt1(processorCores) + " cores", String.format(Locale.ROOT,
        "chat %s msg/s x %s ms x %.0f %% (not broker, gateway, Mongo, JIT) + checkouts", fmt(l.chatRate()),
        fmt2(c.cpuPerChatMessageMs()), processorShare * 100)));
    out.add(new Line("stream-processor instances", fmt(processorInstances),
        fmt(l.coresPerMachine()) + " cores each at " + fmt(usable * 100) + " %; standby replicas on top for fail-over"));
    out.add(new Line("partitions of chat topics", fmt(conversationPartitions),
        "one conversation thread saturates at " + fmt(c.conversationThreadMsgPerSec()) + " msg/s; >= "
            + fmt(Math.ceil(l.chatRate() / (c.conversationThreadMsgPerSec() * usable))) + " threads, next power of two"));
    double checkoutPartitions = Math.max(12, nextPow2(Math.ceil(l.checkoutRate() / 1000)));
    out.add(new Line("partitions of shop topics", fmt(checkoutPartitions),
        fmt(l.checkoutRate()) + " checkouts/s is a small load per partition; 12 keeps the gateways' per-shop reads cheap"));
    // Brokers
    double replicas = 1 + (l.replication() - 1) * c.replicaCost();
    double brokerCores = (l.chatRate() * c.cpuPerChatMessageMs() * c.brokerShare()
        + l.checkoutRate() * c.cpuPerCheckoutMs() * c.checkoutBrokerShare()) / 1000 * replicas;
    double brokers = Math.max(l.replication(), Math.ceil(brokerCores / (l.coresPerMachine() * usable)));
    out.add(new Line("broker CPU", fmt1(brokerCores) + " cores", String.format(Locale.ROOT,
        "chat %s msg/s x %s ms x %.0f %% broker share (+ checkouts), x%.1f for follower fetches at replication %s",
        fmt(l.chatRate()), fmt2(c.cpuPerChatMessageMs()), c.brokerShare() * 100, replicas, fmt(l.replication()))));
    out.add(new Line("brokers", fmt(brokers), fmt(l.coresPerMachine()) + " cores each at " + fmt(usable * 100) + " %"));
    double mongoCores = l.chatRate() * c.cpuPerChatMessageMs() * c.mongoShare() / 1000;
    out.add(new Line("MongoDB (Mongo-wire server measured)", fmt1(mongoCores) + " cores",
        "read-model writes per message as the embedded server costs them; real MongoDB not measured here"));
    double ingestCores = l.checkoutRate() * c.cpuPerCheckoutMs() * c.checkoutIngestShare() / 1000;
    double total = gatewayCoresChat + gatewayCoresSse + processorCores + brokerCores + mongoCores + ingestCores;
    out.add(new Line("all CPU, warm", fmt1(total) + " cores", String.format(Locale.ROOT,
        "of which ingest %s cores; JIT share (%.0f %%) left out: steady state", fmt1(ingestCores),
        c.jitShare() * 100)));
    double firstLimitBy = Math.max(Math.max(byHeap, byConnections), byCpu);
    String first = firstLimitBy == byConnections ? "open connections per gateway (file descriptors)"
        : firstLimitBy == byHeap ? "gateway heap per connection" : "gateway CPU per frame";
    out.add(new Line("what binds the gateways", first, "the largest of the three counts above"));
    return out;
  }

  /** CPU per chat frame at a gateway (a send in or a delivery out), from the WebSocket loops' share. */
  static double cpuPerFrameMs(Costs c) {
    return c.cpuPerChatMessageMs() * c.gatewayShare() / (1 + c.deliveriesPerMessage());
  }

  static double nextPow2(double n) {
    double p = 1;
    while (p < n) {
      p *= 2;
    }
    return p;
  }

  static String table(List<Line> lines) {
    StringBuilder sb = new StringBuilder("| | figure | from |\n| --- | ---: | --- |\n");
    lines.forEach(l -> sb.append("| ").append(l.what()).append(" | ").append(l.value()).append(" | ")
        .append(l.derivation()).append(" |\n"));
    return sb.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  private static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static void print(Options o) {
    Costs c = Costs.measured(o);
    Load l = Load.of(o);
    System.out.println("Load: " + l);
    System.out.println("Costs: " + c);
    System.out.println();
    System.out.print(table(plan(c, l)));
  }
}
