package io.herald.bench;

import com.sun.tools.attach.VirtualMachine;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Counters read over JMX from the platform's JVM (attached by PID, its local management agent
 * started on demand): the embedded broker's requests by API ({@code kafka.network:type=RequestMetrics,
 * name=RequestsPerSec,request=*}) and the bytes all its threads have allocated. Two snapshots around
 * a phase give requests and bytes per message or request; where the platform cannot be attached
 * (another user, no PID) the bench says so.
 *
 * <p>Allocation is the steady figure of the two on a shared machine: it does not move with the
 * machine's speed as CPU time and throughput do (they drifted 2-3x within an hour here), so a
 * change to the hot path can be compared by its bytes per request between runs minutes apart.
 */
final class PlatformJmx implements AutoCloseable {

  private static final ObjectName THREADING = name("java.lang:type=Threading");

  private final JMXConnector connector;
  private final MBeanServerConnection server;

  private PlatformJmx(JMXConnector connector) throws Exception {
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  /** What the platform's counters read now. */
  record Snapshot(Map<String, Double> brokerRequests, long allocatedBytes) {
    static final Snapshot NONE = new Snapshot(Map.of(), -1);

    boolean available() {
      return allocatedBytes >= 0 || !brokerRequests.isEmpty();
    }

    /** "12.3 kB per request" between this and a later snapshot, or "not available". */
    String allocationPer(Snapshot later, long count, String unit) {
      if (allocatedBytes < 0 || later.allocatedBytes < 0 || count <= 0) {
        return "not available";
      }
      return String.format(java.util.Locale.ROOT, "%.1f kB per %s (%.0f MB in all)",
          (later.allocatedBytes - allocatedBytes) / 1e3 / count, unit, (later.allocatedBytes - allocatedBytes) / 1e6);
    }
  }

  /** Both counters now, or {@link Snapshot#NONE} when the platform's JVM cannot be attached (no PID, another user's). */
  static Snapshot take(long pid) {
    if (pid < 0) {
      return Snapshot.NONE;
    }
    try (PlatformJmx jmx = attach(pid)) {
      return new Snapshot(jmx.brokerRequests(), jmx.allocatedBytes());
    } catch (Exception | LinkageError e) { // another user's JVM, no attach module: the figures say "not available"
      return Snapshot.NONE;
    }
  }

  static PlatformJmx attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    try {
      return new PlatformJmx(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
    } finally {
      vm.detach();
    }
  }

  /**
   * Bytes allocated so far by all the platform's threads, live and ended
   * ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}, JDK 21+), or -1 where the
   * JVM does not measure it.
   */
  long allocatedBytes() throws Exception {
    try {
      return ((Number) server.getAttribute(THREADING, "TotalThreadAllocatedBytes")).longValue();
    } catch (javax.management.AttributeNotFoundException e) { // a JDK 17 platform
      return -1;
    }
  }

  /** Requests served so far, by API (Produce, Fetch, ...). */
  Map<String, Double> brokerRequests() throws Exception {
    Map<String, Double> counts = new TreeMap<>();
    for (ObjectName n : server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
      String api = n.getKeyProperty("request");
      if (api != null && !api.startsWith("Fetch") || "Fetch".equals(api)) { // Fetch also counted as FetchConsumer
        counts.merge(api, ((Number) server.getAttribute(n, "Count")).doubleValue(), Double::sum);
      }
    }
    return counts;
  }

  /** "Produce 2.7, Fetch 4.1, ... (8.3 in all)" per message between two snapshots, busiest first. */
  static String perMessage(Map<String, Double> before, Map<String, Double> after, long messages) {
    Map<String, Double> delta = new TreeMap<>();
    after.forEach((api, count) -> delta.put(api, count - before.getOrDefault(api, 0.0)));
    double all = delta.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder line = new StringBuilder();
    delta.entrySet().stream()
        .filter(e -> e.getValue() / messages >= 0.05)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> line.append(line.isEmpty() ? "" : ", ").append(e.getKey())
            .append(String.format(java.util.Locale.ROOT, " %.2f", e.getValue() / messages)));
    return line + String.format(java.util.Locale.ROOT, " (%.1f in all)", all / messages);
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() throws Exception {
    connector.close();
  }
}
