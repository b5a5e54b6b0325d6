package io.herald.gateway.chat;

/** A frame the gateway refuses; answered with an {@code error} frame, the connection stays open. */
final class FrameException extends RuntimeException {

  private final ErrorCode code;
  private final String ref;
  private final String field;

  FrameException(ErrorCode code, String ref, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.ref = ref;
    this.field = field;
  }

  static FrameException badRequest(String ref, String field, String message) {
    return new FrameException(ErrorCode.BAD_REQUEST, ref, field, message);
  }

  ServerFrame.Error toFrame() {
    return new ServerFrame.Error(ref, code.wire(), field, getMessage());
  }
}
