package io.herald.ingest.conversations;

/**
 * {@code POST /v1/conversations/{id}/receipts}: the caller has had ({@code delivered}) or seen
 * ({@code read}) every message up to {@code upToSeq}.
 */
public record ReceiptRequest(String kind, Long upToSeq, String deviceId) {}
