package io.herald.chat.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Writes completed sends to {@code chat_sends} after the answer, in batches, one write in flight
 * and then a pause: what arrives meanwhile waits and goes in the next batch. The pause makes a
 * steady trickle of sends a few writes a second instead of one per send (each acknowledged write is
 * one commit of the embedded Mongo-wire store: at 100 messages/s a write per send was ~100 commits
 * a second); a send after a quiet spell is written at once. Bounded: beyond {@code capacity} waiting
 * records a record is dropped and counted. Dropping is safe: the message id is derived from the key
 * and the topology drops a repeat, so a later retry that finds no record is answered with the same
 * id ({@code replayed: false}) and never produces a second message.
 */
final class SendRecorder {

  private static final Logger log = LoggerFactory.getLogger(SendRecorder.class);

  private final SendLedger ledger;
  private final ArrayBlockingQueue<SendRecord> waiting;
  private final int maxBatch;
  private final Duration pause;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  /** @param pause after each write, before the next may start (zero: at once) */
  SendRecorder(SendLedger ledger, int capacity, int maxBatch, Duration pause) {
    this.ledger = ledger;
    this.waiting = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.pause = pause;
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
      writes.incrementAndGet();
      ledger.recordAll(batch).subscribe(null, e -> {
        failed.addAndGet(batch.size());
        log.warn("cannot record {} sends: {}", batch.size(), e.toString());
        done();
      }, this::done);
      return;
    }
  }

  private void done() {
    if (pause.isZero()) {
      release();
    } else {
      Schedulers.parallel().schedule(this::release, pause.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private void release() {
    writing.set(false);
    writeNext();
  }

  /** Writes started so far (each one batch). */
  long writes() {
    return writes.get();
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
