package io.herald.standalone;

import java.util.List;
import java.util.Random;

/**
 * Seeded hostile WebSocket frames for the chat gateway: text that is not JSON, JSON that is not a
 * frame, frames with wrong types, extreme values and foreign ids, deep nesting, binary frames. All
 * stay under the 16 KiB frame limit (an oversized frame closes the socket with 1009 by design).
 */
final class FrameFuzz {

  private static final List<String> TYPES = List.of("hello", "send", "delivered", "read", "ping", "reauth", "typing",
      "", "SEND", "message", "welcome");
  private static final List<String> FIELDS = List.of("type", "ref", "conversationId", "clientMsgId", "body", "upToSeq",
      "token", "resume", "__proto__", "constructor");

  private FrameFuzz() {}

  /** A String (text frame) or byte[] (binary frame), at most {@link #MAX_BYTES} bytes. */
  static Object frame(Random r, String foreignConversation) {
    while (true) {
      Object f = anyFrame(r, foreignConversation);
      if (!(f instanceof String s) || s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_BYTES) {
        return f;
      }
    }
  }

  /** Under the gateway's 16 KiB frame limit. */
  static final int MAX_BYTES = 15_000;

  private static Object anyFrame(Random r, String foreignConversation) {
    return switch (r.nextInt(10)) {
      case 0 -> randomText(r, 1 + r.nextInt(300));
      case 1 -> bytes(r, 1 + r.nextInt(512));
      case 2 -> {
        String valid = send(r, foreignConversation);
        yield valid.substring(0, r.nextInt(valid.length()));
      }
      case 3 -> List.of("42", "null", "[]", "\"send\"", "true", "{}", "-0", "1e999999", "{\"type\":null}",
          "[{\"type\":\"ping\"}]").get(r.nextInt(10));
      case 4 -> {
        int depth = 100 + r.nextInt(2400);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        yield open.repeat(depth) + (r.nextBoolean() ? "1" + (open.equals("[") ? "]" : "}").repeat(depth) : "");
      }
      case 5 -> "{\"type\":\"" + pick(r, TYPES) + "\"," + randomFields(r) + "}";
      case 6 -> "{\"type\":" + value(r, 0) + "," + randomFields(r) + "}";
      case 7 -> send(r, r.nextBoolean() ? foreignConversation : randomText(r, 1 + r.nextInt(80)).replace("\"", ""));
      case 8 -> "{\"type\":\"" + (r.nextBoolean() ? "read" : "delivered") + "\",\"conversationId\":\"" + foreignConversation
          + "\",\"upToSeq\":" + List.of("-1", "0", "9223372036854775807", "9223372036854775808", "1.5", "\"1\"", "null",
          "1e308").get(r.nextInt(8)) + "}";
      default -> "{\"type\":\"send\",\"type\":\"ping\",\"ref\":\"" + "\\u0000".repeat(r.nextInt(20)) + "\",\"body\":\""
          + "\\ud800".repeat(r.nextInt(5)) + "\"}";
    };
  }

  private static String send(Random r, String conversation) {
    return "{\"type\":\"send\",\"ref\":\"f" + r.nextInt(1000) + "\",\"conversationId\":\"" + conversation
        + "\",\"clientMsgId\":\"c" + r.nextLong() + "\",\"body\":\"" + "x".repeat(r.nextInt(12_000)) + "\"}";
  }

  private static String randomFields(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(pick(r, FIELDS)).append("\":").append(value(r, 0));
    }
    return sb.isEmpty() ? "\"x\":1" : sb.toString();
  }

  private static String value(Random r, int depth) {
    return switch (depth > 3 ? r.nextInt(6) : r.nextInt(8)) {
      case 0 -> "null";
      case 1 -> Boolean.toString(r.nextBoolean());
      case 2 -> Long.toString(r.nextLong());
      case 3 -> "1e" + r.nextInt(400);
      case 4 -> "\"" + randomText(r, r.nextInt(100)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case 5 -> "\"" + "a".repeat(r.nextInt(depth == 0 ? 2500 : 50)) + "\"";
      case 6 -> "[" + value(r, depth + 1) + "," + value(r, depth + 1) + "]";
      default -> "{\"" + pick(r, FIELDS) + "\":" + value(r, depth + 1) + "}";
    };
  }

  private static String randomText(Random r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(switch (r.nextInt(4)) {
        case 0 -> (char) r.nextInt(0x20); // control characters
        case 1 -> (char) (0x20 + r.nextInt(0x5f));
        case 2 -> (char) (0xD800 + r.nextInt(0x800)); // lone surrogates
        default -> (char) r.nextInt(0x10000);
      });
    }
    return sb.toString();
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }
}
