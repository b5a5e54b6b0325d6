package io.herald.ingest.conversations;

import io.herald.chat.commands.ReceiptResult;
import java.util.Locale;

/** The 202 answer to a receipt: where the broker stored it. */
public record ReceiptAccepted(String conversationId, String kind, long upToSeq, int partition, long offset) {

  static ReceiptAccepted of(ReceiptResult r) {
    return new ReceiptAccepted(r.conversationId(), r.kind().name().toLowerCase(Locale.ROOT), r.upToSeq(), r.partition(),
        r.offset());
  }
}
