package io.herald.chat.readmodel;

/**
 * Where a user stands in one conversation, for reconnect catch-up: messages in
 * ({@code deliveredUpTo}, {@code lastSeq}] have not reached any of the user's devices yet.
 */
public record CatchUpPosition(String conversationId, long lastSeq, long deliveredUpTo) {}
