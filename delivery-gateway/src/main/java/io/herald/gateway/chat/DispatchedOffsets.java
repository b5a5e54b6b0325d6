package io.herald.gateway.chat;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far this gateway's inbox reader has dispatched, per partition: the offset after the last
 * record whose look-up in the {@link ConnectionRegistry} has begun (marked before the look-up).
 * Written by the reader's one thread, read by connecting sockets right after they registered: a
 * socket that then reads M gets every record at or after M live (buffered), so only the records
 * below M that the read model may lack need a recall (see {@link InboxRecall#mark}). Bounded: one
 * long per partition.
 */
final class DispatchedOffsets {

  private volatile AtomicLongArray next = new AtomicLongArray(0);

  /** The reader is about to look up the recipient of the record at {@code offset} of {@code partition}. */
  void lookingUp(int partition, long offset) {
    AtomicLongArray marks = next;
    if (partition >= marks.length()) {
      marks = grow(partition + 1);
    }
    marks.set(partition, offset + 1);
  }

  /** The offset after the last record of {@code partition} looked up; 0 when none was since start. */
  long next(int partition) {
    AtomicLongArray marks = next;
    return partition < marks.length() ? marks.get(partition) : 0;
  }

  private synchronized AtomicLongArray grow(int length) {
    AtomicLongArray old = next;
    if (old.length() >= length) {
      return old;
    }
    AtomicLongArray grown = new AtomicLongArray(length);
    for (int p = 0; p < old.length(); p++) {
      grown.set(p, old.get(p));
    }
    next = grown;
    return grown;
  }
}
