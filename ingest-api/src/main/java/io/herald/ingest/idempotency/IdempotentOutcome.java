package io.herald.ingest.idempotency;

/** The answer to send and whether it is a replay of an earlier request's. */
public record IdempotentOutcome(StoredResponse response, boolean replayed) {}
