package io.herald.chat.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;

/** Recognises E11000: a unique index (or {@code _id}) already holds the value (for a bulk write: every error is one). */
public final class DuplicateKey {

  private DuplicateKey() {}

  public static boolean is(Throwable e) {
    if (e instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (e instanceof MongoBulkWriteException b) {
      return !b.getWriteErrors().isEmpty()
          && b.getWriteErrors().stream().allMatch(w -> w.getCategory() == ErrorCategory.DUPLICATE_KEY);
    }
    return e instanceof MongoServerException s && ErrorCategory.fromErrorCode(s.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }
}
