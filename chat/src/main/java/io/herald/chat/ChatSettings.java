package io.herald.chat;

import io.herald.chat.commands.ChatLimits;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Chat's limits ({@code herald.chat.*}), one record bound by every service that handles chat: HTTP
 * sends (ingest API), WebSocket sends (gateway) and the conversation topology (processors), so a group
 * the API accepts is one the topology accepts. The read model commands check membership against must
 * be the one the projector writes.
 *
 * @param maxGroupMembers members of a group, its creator included: commands refuse more (400) and the
 *     topology drops what would exceed it
 * @param maxNameChars group name
 * @param maxBody message body, in UTF-8 bytes
 * @param maxClientMsgIdChars a send's client id (or the Idempotency-Key standing in for it)
 * @param maxIdChars user, device and conversation ids
 * @param contentTypes what a message body may be
 * @param readModelGrace how long a command re-reads the read model before answering 403/404, to absorb
 *     the projector's lag (e.g. a send right after creating a group)
 * @param sendLease how long an unfinished send holds its client id before a retry may take it over
 */
@ConfigurationProperties("herald.chat")
public record ChatSettings(
    @DefaultValue("256") int maxGroupMembers,
    @DefaultValue("100") int maxNameChars,
    @DefaultValue("4KB") DataSize maxBody,
    @DefaultValue("64") int maxClientMsgIdChars,
    @DefaultValue("128") int maxIdChars,
    @DefaultValue({"text/plain", "application/json"}) Set<String> contentTypes,
    @DefaultValue("400ms") Duration readModelGrace,
    @DefaultValue("30s") Duration sendLease) {

  /** The command side's view of these settings. */
  public ChatLimits limits() {
    return new ChatLimits(maxGroupMembers, maxNameChars, (int) maxBody.toBytes(), maxClientMsgIdChars, maxIdChars,
        contentTypes, readModelGrace, sendLease);
  }
}
