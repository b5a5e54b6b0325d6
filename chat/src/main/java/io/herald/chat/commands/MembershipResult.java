package io.herald.chat.commands;

/** @param changed false when the user already was (or was not) a member and nothing was produced */
public record MembershipResult(String conversationId, String userId, boolean changed) {}
