package io.herald.notifier;

/** A send that did not go through: {@link #retryable()} ones are tried again after a back-off, others go to the dead-letter topic. */
public class SendFailure extends Exception {

  private final boolean retryable;

  public SendFailure(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
