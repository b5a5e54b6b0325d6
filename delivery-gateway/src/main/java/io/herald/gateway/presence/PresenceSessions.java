package io.herald.gateway.presence;

import io.herald.gateway.chat.ChatObserver;
import io.herald.gateway.chat.ChatSession;
import java.util.Collection;
import reactor.core.publisher.Flux;

/**
 * Presence's side of the chat sockets: each open and close is published, and each socket gets its
 * user's contacts' presence (a snapshot once their contacts are known, then every change) as
 * {@code presence} frames.
 */
final class PresenceSessions implements ChatObserver {

  private final PresencePublisher publisher;
  private final ContactIndex index;
  private final ContactLoader loader;
  private final PresenceTable table;
  private final PresenceJson json;

  PresenceSessions(PresencePublisher publisher, ContactIndex index, ContactLoader loader, PresenceTable table,
                   PresenceJson json) {
    this.publisher = publisher;
    this.index = index;
    this.loader = loader;
    this.table = table;
    this.json = json;
  }

  @Override
  public Flux<String> opened(ChatSession session) {
    publisher.connected(session);
    PresenceOutbox outbox = new PresenceOutbox();
    // Subscribed after the welcome and cancelled when the socket closes: the index holds the socket just as long.
    return outbox.frames(userId -> json.frame(userId, table.getOrUnknown(userId)))
        .doOnSubscribe(s -> {
          Watcher w = index.attach(session.userId(), outbox);
          if (!w.loaded) {
            loader.request(w);
          }
        })
        .doFinally(signal -> index.detach(session.userId(), outbox));
  }

  @Override
  public void closed(ChatSession session) {
    publisher.disconnected(session);
  }

  @Override
  public void members(String conversationId, Collection<String> members) {
    index.members(members);
  }
}
