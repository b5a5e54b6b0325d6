package io.herald.chat.commands;

import io.herald.events.ConversationKind;

/** @param created false when the (direct) conversation already existed and nothing was produced */
public record CreateResult(String conversationId, ConversationKind kind, boolean created) {}
