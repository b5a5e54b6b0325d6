package io.herald.gateway.chat;

import io.herald.events.ReceiptKind;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a client's text frame: a JSON object whose {@code type} names one of {@code hello},
 * {@code send}, {@code delivered}, {@code read}, {@code ping}, {@code reauth}. Checks shape and types only; unknown
 * fields are ignored (clients may be newer than the gateway). Every refusal is a
 * {@link FrameException} naming the field.
 */
final class FrameParser {

  static final int MAX_REF_CHARS = 64;
  static final int MAX_ID_CHARS = 128;

  private final JsonMapper json;
  private final int maxResumeEntries;

  /** @param maxResumeEntries bound on hello's resume map: a user's conversations the read model catches up */
  FrameParser(JsonMapper json, int maxResumeEntries) {
    this.json = json;
    this.maxResumeEntries = maxResumeEntries;
  }

  ClientFrame parse(String text) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JacksonException e) {
      throw FrameException.badRequest(null, null, "not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw FrameException.badRequest(null, null, "a frame is a JSON object with a \"type\"");
    }
    String ref = optionalString(root, null, "ref", MAX_REF_CHARS);
    String type = optionalString(root, ref, "type", 32);
    if (type == null) {
      throw FrameException.badRequest(ref, "type", "is required");
    }
    return switch (type) {
      case "hello" -> new ClientFrame.Hello(ref, resume(root, ref));
      case "send" -> new ClientFrame.Send(ref, requiredString(root, ref, "conversationId"),
          requiredString(root, ref, "clientMsgId"), requiredString(root, ref, "body"),
          orDefault(optionalString(root, ref, "contentType", MAX_ID_CHARS), "text/plain"));
      case "delivered" -> receipt(root, ref, ReceiptKind.DELIVERED);
      case "read" -> receipt(root, ref, ReceiptKind.READ);
      case "ping" -> new ClientFrame.Ping(ref);
      case "reauth" -> new ClientFrame.Reauth(ref, requiredString(root, ref, "token"));
      default -> throw FrameException.badRequest(ref, "type",
          "unknown type; one of hello, send, delivered, read, ping, reauth");
    };
  }

  private static ClientFrame.Receipt receipt(JsonNode root, String ref, ReceiptKind kind) {
    return new ClientFrame.Receipt(ref, kind, requiredString(root, ref, "conversationId"),
        nonNegativeLong(root.get("upToSeq"), ref, "upToSeq"));
  }

  private Map<String, Long> resume(JsonNode root, String ref) {
    JsonNode node = root.get("resume");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw FrameException.badRequest(ref, "resume", "must be an object of conversationId: lastSeq");
    }
    if (node.size() > maxResumeEntries) {
      throw FrameException.badRequest(ref, "resume", "at most " + maxResumeEntries + " conversations");
    }
    Map<String, Long> resume = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().isEmpty() || e.getKey().length() > MAX_ID_CHARS) {
        throw FrameException.badRequest(ref, "resume", "conversation ids are 1 to " + MAX_ID_CHARS + " characters");
      }
      resume.put(e.getKey(), nonNegativeLong(e.getValue(), ref, "resume." + e.getKey()));
    }
    return resume;
  }

  private static long nonNegativeLong(JsonNode node, String ref, String field) {
    if (node == null || node.isNull()) {
      throw FrameException.badRequest(ref, field, "is required");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw FrameException.badRequest(ref, field, "must be a whole number, 0 or more");
    }
    return node.longValue();
  }

  private static String requiredString(JsonNode root, String ref, String field) {
    String v = optionalString(root, ref, field, Integer.MAX_VALUE); // lengths: the chat library's rules
    if (v == null || v.isEmpty()) {
      throw FrameException.badRequest(ref, field, "is required");
    }
    return v;
  }

  private static String optionalString(JsonNode root, String ref, String field, int maxChars) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw FrameException.badRequest("ref".equals(field) ? null : ref, field, "must be a string");
    }
    String v = node.stringValue();
    if (v.length() > maxChars) {
      throw FrameException.badRequest("ref".equals(field) ? null : ref, field, "must be at most " + maxChars + " characters");
    }
    return v;
  }

  private static String orDefault(String v, String fallback) {
    return v == null ? fallback : v;
  }
}
