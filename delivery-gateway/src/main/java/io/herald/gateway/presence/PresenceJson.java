package io.herald.gateway.presence;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The public shape of a user's presence: the {@code presence} frame and the endpoint's body. Thread-safe. */
final class PresenceJson {

  /** {@code status} is {@code online} or {@code offline}; {@code lastSeen} null when never seen. */
  record Body(String userId, String status, List<String> devices, Instant lastSeen) {}

  private final JsonMapper json;

  PresenceJson(JsonMapper json) {
    this.json = json;
  }

  static Body body(String userId, PresenceView v) {
    return new Body(userId, v.online() ? "online" : "offline", v.devices(), v.lastSeen());
  }

  /** {@code {"type":"presence","userId":…,"status":…,"devices":[…],"lastSeen":…}}, rendered once per view. */
  String frame(String userId, PresenceView v) {
    String cached = v.cachedFrame();
    if (cached != null) {
      return cached;
    }
    ObjectNode node = json.createObjectNode();
    node.put("type", "presence");
    node.setAll((ObjectNode) json.valueToTree(body(userId, v)));
    String rendered = json.writeValueAsString(node);
    v.cacheFrame(rendered);
    return rendered;
  }
}
