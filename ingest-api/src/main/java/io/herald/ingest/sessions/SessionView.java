package io.herald.ingest.sessions;

import java.time.Instant;

/** {@code GET /v1/sessions} item: one signed-in device; {@code current} marks the caller's own. */
public record SessionView(String sessionId, String device, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                          boolean current) {}
