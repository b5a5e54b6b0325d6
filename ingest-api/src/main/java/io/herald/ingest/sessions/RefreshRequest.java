package io.herald.ingest.sessions;

/** {@code POST /v1/sessions/refresh}. */
public record RefreshRequest(String refreshToken) {}
