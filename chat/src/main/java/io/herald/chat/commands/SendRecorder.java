package io.herald.chat.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes completed sends to {@code chat_sends} after the answer, in batches, one write in flight:
 * what arrives meanwhile waits and goes in the next batch. Bounded: beyond {@code capacity} waiting
 * records a record is dropped and counted. Dropping is safe: the message id is derived from the key
 * and the topology drops a repeat, so a later retry that finds no record is answered with the same
 * id ({@code replayed: false}) and never produces a second message.
 */
final class SendRecorder {

  private static final Logger log = LoggerFactory.getLogger(SendRecorder.class);

  private final SendLedger ledger;
  private final ArrayBlockingQueue<SendRecord> waiting;
  private final int maxBatch;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  SendRecorder(SendLedger ledger, int capacity, int maxBatch) {
    this.ledger = ledger;
    this.waiting = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
  }

  /** Never blocks; from any thread. */
  void record(SendRecord completed) {
    if (!waiting.offer(completed)) {
      if (dropped.incrementAndGet() % 1000 == 1) {
        log.warn("send records are written slower than they come; {} dropped so far (retries still get the same id)",
            dropped.get());
      }
      return;
    }
    writeNext();
  }

  private void writeNext() {
    while (!waiting.isEmpty() && writing.compareAndSet(false, true)) {
      List<SendRecord> batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
      waiting.drainTo(batch, maxBatch);
      if (batch.isEmpty()) {
        writing.set(false);
        continue; // another thread took them; re-check
      }
      ledger.recordAll(batch).subscribe(null, e -> {
        failed.addAndGet(batch.size());
        log.warn("cannot record {} sends: {}", batch.size(), e.toString());
        done();
      }, this::done);
      return;
    }
  }

  private void done() {
    writing.set(false);
    writeNext();
  }

  long dropped() {
    return dropped.get();
  }

  long failed() {
    return failed.get();
  }

  int waiting() {
    return waiting.size();
  }
}
