package io.herald.ingest.conversations;

import java.util.List;

/**
 * {@code POST /v1/conversations}: {@code {type: "direct", userId}} or
 * {@code {type: "group", name, members}}. The caller is always a member (and a group's admin).
 */
public record CreateConversationRequest(String type, String userId, String name, List<String> members) {}
