package io.herald.gateway.presence;

import io.herald.gateway.routing.ChatRoute;
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
  private final Integer routeSlot;

  GatewayIds(String configuredName) {
    this(configuredName, null);
  }

  /** @param routeSlot announced with every session (see {@link ChatRoute}); null: no routes wanted */
  GatewayIds(String configuredName, Integer routeSlot) {
    this.routeSlot = routeSlot;
    String name = configuredName == null || configuredName.isBlank() ? ChatRoute.hostName() : configuredName;
    name = UNSAFE.matcher(name).replaceAll("-");
    this.prefix = "gw-" + (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name) + "-";
  }

  /** The slot of inbox-routes this gateway reads, or null when it reads all of inbox. */
  Integer routeSlot() {
    return routeSlot;
  }

  /** A fresh incarnation id. */
  String next() {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
