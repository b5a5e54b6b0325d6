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
 * The embedded broker's requests by API, read over JMX from the platform's JVM (attached by PID,
 * its local management agent started on demand): {@code kafka.network:type=RequestMetrics,
 * name=RequestsPerSec,request=*} counts. Two snapshots around a phase give requests per second and
 * per message; where the platform cannot be attached (another user, no PID) the bench says so.
 */
final class BrokerRequests implements AutoCloseable {

  private final JMXConnector connector;
  private final MBeanServerConnection server;

  private BrokerRequests(JMXConnector connector) throws Exception {
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  static BrokerRequests attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    try {
      return new BrokerRequests(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
    } finally {
      vm.detach();
    }
  }

  /** Requests served so far, by API (Produce, Fetch, ...). */
  Map<String, Double> snapshot() throws Exception {
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

  @Override
  public void close() throws Exception {
    connector.close();
  }
}
