package io.herald.ingest.accounts;

import java.time.Instant;
import java.util.List;

/** A signed-in session: the bearer access token and who it names. */
public record SessionResponse(String accessToken, String tokenType, Instant expiresAt, String userId, String role,
                              List<String> shopIds) {}
