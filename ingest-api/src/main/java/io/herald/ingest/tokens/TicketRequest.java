package io.herald.ingest.tokens;

/** {@code POST /v1/tickets} body: {@code shop:<shopId>} or {@code ws}. */
public record TicketRequest(String scope) {}
