package io.herald.gateway.chat;

/** An inbound WebSocket frame after the rate check, before parsing. */
sealed interface Inbound {

  /** A text frame; {@code first} when it is the connection's first (the only place for hello). */
  record Text(String text, boolean first) implements Inbound {}

  record Binary() implements Inbound {}

  /** Refused by the rate limit; {@code fatal} when the connection must close (1008). */
  record Limited(boolean fatal) implements Inbound {}
}
