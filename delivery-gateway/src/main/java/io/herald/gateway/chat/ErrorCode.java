package io.herald.gateway.chat;

/** The {@code code} of an {@code error} frame. */
enum ErrorCode {
  BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, CONFLICT, INTERNAL;

  /** As sent on the wire: lower case, e.g. {@code bad_request}. */
  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
