package io.herald.ingest.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;

/** Recognises MongoDB error kinds the services turn into HTTP answers. */
public final class MongoErrors {

  private MongoErrors() {}

  /** A unique index (or _id) already holds the value: E11000. */
  public static boolean isDuplicateKey(Throwable e) {
    if (e instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return e instanceof MongoServerException s && ErrorCategory.fromErrorCode(s.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }
}
