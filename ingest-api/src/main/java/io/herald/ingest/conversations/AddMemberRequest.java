package io.herald.ingest.conversations;

/** {@code POST /v1/conversations/{id}/members}. */
public record AddMemberRequest(String userId) {}
