package io.herald.ingest.idempotency;

/** An answer as it is sent and replayed: status and the exact JSON body. */
public record StoredResponse(int status, String body) {

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
