package io.herald.chat.commands;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Input limits and timing of {@link ChatCommands}.
 *
 * @param maxIdChars user, device and conversation ids
 * @param readModelGrace how long a command keeps re-reading the read model before answering
 *     "not found" / "forbidden", to absorb projector lag (e.g. a send right after creating a group)
 * @param sendLease how long an unfinished send holds its clientMsgId before a retry may take it over
 */
public record ChatLimits(int maxGroupMembers, int maxNameChars, int maxBodyBytes, int maxClientMsgIdChars,
                         int maxIdChars, Set<String> contentTypes, Duration readModelGrace, Duration sendLease) {

  public static final ChatLimits DEFAULTS = new ChatLimits(256, 100, 4096, 64, 128,
      Set.of("text/plain", "application/json"), Duration.ofMillis(400), Duration.ofSeconds(30));

  public ChatLimits {
    contentTypes = Set.copyOf(contentTypes);
    Objects.requireNonNull(readModelGrace);
    Objects.requireNonNull(sendLease);
    if (maxGroupMembers < 2 || maxNameChars < 1 || maxBodyBytes < 1 || maxClientMsgIdChars < 1 || maxIdChars < 1) {
      throw new IllegalArgumentException("chat limits must be positive (groups of at least 2)");
    }
  }

  public ChatLimits withReadModelGrace(Duration grace) {
    return new ChatLimits(maxGroupMembers, maxNameChars, maxBodyBytes, maxClientMsgIdChars, maxIdChars, contentTypes,
        grace, sendLease);
  }

  public ChatLimits withSendLease(Duration lease) {
    return new ChatLimits(maxGroupMembers, maxNameChars, maxBodyBytes, maxClientMsgIdChars, maxIdChars, contentTypes,
        readModelGrace, lease);
  }
}
