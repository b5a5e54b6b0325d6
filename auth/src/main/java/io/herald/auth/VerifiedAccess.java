package io.herald.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * A verified access token: its caller, when it stops being valid, and the sign-in session it was
 * issued for ({@code sid} claim; empty for tokens issued before sessions existed). Long-lived
 * connections use {@code expiresAt} and {@code sessionId} to end with their credentials.
 */
public record VerifiedAccess(HeraldPrincipal principal, Instant expiresAt, Optional<String> sessionId) {}
