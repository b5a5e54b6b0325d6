package io.herald.gateway.chat;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Renders server frames as JSON text with {@code type} first. Thread-safe. */
final class FrameWriter {

  private final JsonMapper json;

  FrameWriter(JsonMapper json) {
    this.json = json;
  }

  String write(ServerFrame frame) {
    ObjectNode node = json.createObjectNode();
    node.put("type", frame.type());
    node.setAll((ObjectNode) json.valueToTree(frame));
    return json.writeValueAsString(node);
  }
}
