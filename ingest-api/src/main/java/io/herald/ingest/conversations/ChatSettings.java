package io.herald.ingest.conversations;

import io.herald.chat.commands.ChatLimits;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Chat commands over HTTP ({@code herald.ingest.chat.*}). The read model they check membership
 * against lives in the ingest database ({@code herald.ingest.mongo.database}): the chat projector
 * must write to the same one.
 *
 * @param maxGroupMembers members of a group, its creator included
 * @param maxNameChars group name
 * @param maxBody message body, in UTF-8 bytes
 * @param maxClientMsgIdChars a send's client id (or the Idempotency-Key standing in for it)
 * @param maxIdChars user, device and conversation ids
 * @param contentTypes what a message body may be
 * @param readModelGrace how long a command re-reads the read model before answering 403/404, to absorb
 *     the projector's lag (e.g. a send right after creating a group)
 * @param sendLease how long an unfinished send holds its client id before a retry may take it over
 */
@ConfigurationProperties("herald.ingest.chat")
public record ChatSettings(
    @DefaultValue("256") int maxGroupMembers,
    @DefaultValue("100") int maxNameChars,
    @DefaultValue("4KB") DataSize maxBody,
    @DefaultValue("64") int maxClientMsgIdChars,
    @DefaultValue("128") int maxIdChars,
    @DefaultValue({"text/plain", "application/json"}) Set<String> contentTypes,
    @DefaultValue("400ms") Duration readModelGrace,
    @DefaultValue("30s") Duration sendLease) {

  ChatLimits limits() {
    return new ChatLimits(maxGroupMembers, maxNameChars, (int) maxBody.toBytes(), maxClientMsgIdChars, maxIdChars,
        contentTypes, readModelGrace, sendLease);
  }
}
