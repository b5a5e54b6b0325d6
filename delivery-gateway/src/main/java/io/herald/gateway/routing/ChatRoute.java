package io.herald.gateway.routing;

import java.net.InetAddress;

/**
 * This gateway's resolved chat routing: whether it reads its slot of {@code inbox-routes} or all of
 * {@code inbox}, and its slot. Presence announces {@link #announcedSlot()} with every session, which
 * is what makes the routing topology send the session's deliveries to that slot.
 */
public record ChatRoute(boolean routed, int slot) {

  public static ChatRoute of(ChatRoutingProperties props) {
    if (props.mode() == ChatRoutingProperties.Mode.ALL) {
      return new ChatRoute(false, -1);
    }
    return new ChatRoute(true, props.slot() >= 0 ? props.slot() : Math.floorMod(hostName().hashCode(), 1 << 16));
  }

  /** The slot sessions announce: null when this gateway reads all of {@code inbox} and wants no routes. */
  public Integer announcedSlot() {
    return routed ? slot : null;
  }

  /** HOSTNAME, else the local host name; at start-up only (a reverse lookup may take a moment). */
  public static String hostName() {
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
