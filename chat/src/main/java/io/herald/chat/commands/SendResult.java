package io.herald.chat.commands;

/**
 * Where an accepted send went. The per-conversation seq is assigned later by the topology and
 * reaches the sender with their own copy on the inbox.
 *
 * @param replayed true when this answers a retry of an earlier send (nothing was produced)
 */
public record SendResult(String messageId, String conversationId, String clientMsgId, int partition, long offset,
                         boolean replayed) {}
