package io.herald.ingest.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A signed-in session ({@code POST /v1/sessions}, {@code POST /v1/sessions/refresh}): the bearer
 * access token and who it names, plus the refresh token that gets the next one (single use).
 */
public record SessionResponse(String accessToken, String tokenType, Instant expiresAt, String userId, String role,
                              List<String> shopIds, String refreshToken, Instant refreshExpiresAt, String sessionId) {}
