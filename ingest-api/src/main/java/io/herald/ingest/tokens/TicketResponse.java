package io.herald.ingest.tokens;

import java.time.Instant;

public record TicketResponse(String ticket, String scope, Instant expiresAt) {}
