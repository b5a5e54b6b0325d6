package io.herald.gateway.presence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationDoc;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * Whether two users are contacts: some conversation of the read model has both as members. One
 * indexed lookup (the read model's {@code members} index), whatever the number of conversations,
 * where {@code contactsOf} would read up to a thousand of them.
 */
final class SharedConversations {

  private final MongoCollection<Document> conversations;

  SharedConversations(MongoDatabase database) {
    this.conversations = database.getCollection(ChatCollections.CONVERSATIONS);
  }

  Mono<Boolean> share(String a, String b) {
    return Mono.from(conversations.find(Filters.and(Filters.eq(ConversationDoc.MEMBERS, a),
                Filters.eq(ConversationDoc.MEMBERS, b)))
            .projection(Projections.include("_id")).first())
        .hasElement();
  }
}
