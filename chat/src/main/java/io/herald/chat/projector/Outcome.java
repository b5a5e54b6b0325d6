package io.herald.chat.projector;

/** What applying one record did to the read model. */
enum Outcome {
  /** The read model changed. */
  APPLIED,
  /** Already there (a replay): nothing changed. */
  UNCHANGED,
  /** Older than what the read model holds: skipped so it cannot overwrite newer state. */
  STALE,
  /** Not for the read model (e.g. a recipient's copy of a message). */
  IGNORED,
  /** MongoDB refused the write for this record's content: dead-lettered, not retried. */
  REJECTED
}
