package io.herald.gateway.sse;

import io.herald.gateway.auth.CredentialEnd;
import io.herald.gateway.shopfeed.FeedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.util.SseUtils;

/** The frames of the shop stream. */
final class SseEvents {

  static final String OVERFLOW = "overflow";
  /** Last event when the access token (or the one behind the ticket) expired. */
  static final String REAUTH = "reauth";
  /** Last event when the account was deleted or no longer owns the shop. */
  static final String REVOKED = "revoked";
  private static final ServerSentEvent<String> HEARTBEAT = ServerSentEvent.<String>builder().comment(" heartbeat").build();
  private static final ServerSentEvent<String> OVERFLOWED = ServerSentEvent.<String>builder()
      .event(OVERFLOW)
      .data("{\"reason\":\"slow-consumer\",\"action\":\"reconnect with Last-Event-ID\"}")
      .build(); // no id: the client's last id stays that of the last event it got
  private static final byte[] HEARTBEAT_FRAME = (HEARTBEAT.format() + "\n").getBytes(StandardCharsets.UTF_8);

  private SseEvents() {}

  /** First frame: commits the response headers at once and tells EventSource how soon to reconnect. */
  static ServerSentEvent<String> connected(Duration retry) {
    return ServerSentEvent.<String>builder().comment(" connected").retry(retry).build();
  }

  static ServerSentEvent<String> heartbeat() {
    return HEARTBEAT;
  }

  static ServerSentEvent<String> overflow() {
    return OVERFLOWED;
  }

  /** No id: the client resumes from the last event it got, with fresh credentials. */
  static ServerSentEvent<String> credentialEnded(CredentialEnd end) {
    boolean expired = end.kind() == CredentialEnd.Kind.EXPIRED;
    return ServerSentEvent.<String>builder()
        .event(expired ? REAUTH : REVOKED)
        .data("{\"reason\":\"" + end.reason() + "\",\"action\":\""
            + (expired ? "get a new access token or ticket, then reconnect with Last-Event-ID" : "sign in again") + "\"}")
        .build();
  }

  /**
   * The frame as Spring's {@code ServerSentEventHttpMessageWriter} writes it, byte for byte (its
   * fields, the data's lines each as {@code data:}, a blank line), in UTF-8: the stream is written as
   * plain buffers, which a live connection holds less state for than the writer's flushed groups
   * (docs/architecture.md, "Memory per connection").
   */
  static byte[] encode(ServerSentEvent<String> e) {
    if (e == HEARTBEAT) {
      return HEARTBEAT_FRAME.clone();
    }
    StringBuilder sb = new StringBuilder(e.format());
    String data = e.data();
    if (data != null) {
      SseUtils.appendFieldValue("data", data, sb);
      sb.append("\n\n");
    } else {
      sb.append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static ServerSentEvent<String> event(FeedEvent e, ShopCursor id) {
    return ServerSentEvent.builder(e.json()).id(id.encode()).event(e.topic().eventName()).build();
  }
}
