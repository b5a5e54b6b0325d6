package io.herald.chat.commands;

import io.herald.events.ReceiptKind;

/** A receipt produced on the receipts topic; the topology moves the cursor (never backwards). */
public record ReceiptResult(String conversationId, String userId, ReceiptKind kind, long upToSeq, int partition,
                            long offset) {}
