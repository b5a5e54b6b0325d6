package io.herald.gateway.chat;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** Slots for open chat sockets on this gateway, taken before the upgrade: beyond them a handshake gets 503. */
final class Admissions {

  private final Semaphore slots;
  private final int max;

  Admissions(int max) {
    this.max = max;
    this.slots = new Semaphore(max);
  }

  Optional<Slot> tryAdmit() {
    return slots.tryAcquire() ? Optional.of(new Slot()) : Optional.empty();
  }

  int inUse() {
    return max - slots.availablePermits();
  }

  /** Released once, however many times closed. */
  final class Slot {
    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (released.compareAndSet(false, true)) {
        slots.release();
      }
    }
  }
}
