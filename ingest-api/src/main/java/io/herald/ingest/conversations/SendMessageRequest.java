package io.herald.ingest.conversations;

/**
 * {@code POST /v1/conversations/{id}/messages}. The sender is the caller.
 *
 * @param clientMsgId the client's id of this message; a retry with it gets the first answer. May be
 *     omitted when an {@code Idempotency-Key} header carries it
 * @param contentType optional, {@code text/plain} by default
 * @param deviceId optional: the sending device, whose own WebSocket is not sent its message back
 */
public record SendMessageRequest(String clientMsgId, String body, String contentType, String deviceId) {}
