package io.herald.gateway.presence;

import java.net.InetAddress;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gateway ids {@code gw-<name>-<random>}. The random part makes each id an incarnation: a restarted
 * gateway must not beat under its predecessor's id, or it would keep the predecessor's sessions
 * (never to be disconnected) alive.
 */
final class GatewayIds {

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final int MAX_NAME = 64;

  private final String prefix;

  GatewayIds(String configuredName) {
    String name = configuredName == null || configuredName.isBlank() ? hostName() : configuredName;
    name = UNSAFE.matcher(name).replaceAll("-");
    this.prefix = "gw-" + (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name) + "-";
  }

  /** A fresh incarnation id. */
  String next() {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** At start-up only (a reverse lookup may take a moment): never on an event loop. */
  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "gateway";
    }
  }
}
