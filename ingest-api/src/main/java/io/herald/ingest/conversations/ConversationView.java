package io.herald.ingest.conversations;

import java.util.List;

/** A conversation as created: kind {@code direct} or {@code group}; a direct one has no name and no admins. */
public record ConversationView(String conversationId, String kind, String name, List<String> members,
                               List<String> admins) {}
