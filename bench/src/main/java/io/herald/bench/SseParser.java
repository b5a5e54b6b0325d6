package io.herald.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Incremental Server-Sent Events parser for one connection: bytes in (chunks split anywhere), one
 * callback per comment line and per dispatched event. Lines end with LF, CR or CRLF. Not thread-safe
 * (one connection's chunks arrive on one event loop).
 */
final class SseParser {

  interface Listener {
    /** A comment line, without the leading colon and one optional space ("connected", "heartbeat"). */
    default void onComment(String comment, long receivedNanos) {}

    /** An event; {@code event} is "message" when the stream names none. */
    void onEvent(String event, String id, String data, long receivedNanos);
  }

  private final Listener listener;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean lastWasCr;
  private String event;
  private String id;
  private StringBuilder data;

  SseParser(Listener listener) {
    this.listener = listener;
  }

  /** Feeds {@code length} bytes; {@code receivedNanos} is stamped on everything completed by them. */
  void feed(byte[] bytes, int offset, int length, long receivedNanos) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b == '\n' && lastWasCr) {
        lastWasCr = false;
        continue; // second half of CRLF
      }
      lastWasCr = b == '\r';
      if (b == '\n' || b == '\r') {
        endOfLine(line.toString(StandardCharsets.UTF_8), receivedNanos);
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  private void endOfLine(String l, long receivedNanos) {
    if (l.isEmpty()) {
      if (data != null) {
        listener.onEvent(event == null ? "message" : event, id, data.toString(), receivedNanos);
      }
      event = null;
      data = null;
      return;
    }
    if (l.charAt(0) == ':') {
      listener.onComment(l.startsWith(": ") ? l.substring(2) : l.substring(1), receivedNanos);
      return;
    }
    int colon = l.indexOf(':');
    String field = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> event = value;
      case "id" -> id = value;
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      default -> { } // retry and unknown fields
    }
  }

  /** The string value of a top-level JSON field in {@code json}, by plain search (enough for ids). */
  static String jsonField(String json, String field) {
    String needle = "\"" + field + "\":\"";
    int start = json.indexOf(needle);
    if (start < 0) {
      return null;
    }
    start += needle.length();
    int end = json.indexOf('"', start);
    return end < 0 ? null : json.substring(start, end);
  }
}
