package io.herald.ingest.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationDoc;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.chat.readmodel.CursorDoc;
import io.herald.events.ConversationCreated;
import io.herald.events.ConversationEvent;
import io.herald.events.MemberJoined;
import io.herald.events.MemberLeft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * Stands in for the conversation topology and the chat projector (stream-processors): applies the
 * membership events this API produced to the read model, in the chat library's own document shape
 * ({@link ConversationDoc} field names), and checks the library reads back what was meant.
 */
final class ReadModelStandIn {

  private static final Duration T = Duration.ofSeconds(10);

  private final MongoDatabase db;
  private final ConversationReadModel readModel;

  ReadModelStandIn(MongoDatabase db) {
    this.db = db;
    this.readModel = new ConversationReadModel(db);
  }

  /** Applies created / joined / left in order, as the accepted state the projector would write. */
  void apply(List<ConversationEvent> events) {
    for (ConversationEvent e : events) {
      String id = e.getConversationId();
      if (e.getPayload() instanceof ConversationCreated c) {
        write(id, c.getKind().name(), c.getName(), c.getAdmins(), c.getMembers());
      } else if (e.getPayload() instanceof MemberJoined j) {
        ConversationDoc now = current(id);
        List<String> members = new ArrayList<>(now.members());
        members.add(j.getUserId());
        write(id, now.kind().name(), now.name(), now.admins(), members);
      } else if (e.getPayload() instanceof MemberLeft l) {
        ConversationDoc now = current(id);
        List<String> members = new ArrayList<>(now.members());
        members.remove(l.getUserId());
        write(id, now.kind().name(), now.name(), now.admins(), members);
      }
    }
  }

  private ConversationDoc current(String id) {
    return readModel.findConversation(id).blockOptional(T).orElseThrow();
  }

  private void write(String id, String kind, String name, List<String> admins, List<String> members) {
    Document cursors = new Document();
    members.forEach(m -> cursors.append(m, CursorDoc.ZERO.toDocument()));
    Document doc = new Document("_id", id)
        .append(ConversationDoc.KIND, kind)
        .append(ConversationDoc.NAME, name)
        .append(ConversationDoc.ADMINS, List.copyOf(admins))
        .append(ConversationDoc.MEMBERS, List.copyOf(members))
        .append(ConversationDoc.LAST_SEQ, 0L)
        .append(ConversationDoc.CURSORS, cursors)
        .append(ConversationDoc.UPDATED_AT, new Date());
    Mono.from(db.getCollection(ChatCollections.CONVERSATIONS).replaceOne(Filters.eq("_id", id), doc,
        new ReplaceOptions().upsert(true))).block(T);
    ConversationDoc read = current(id);
    assertThat(read.members()).containsExactlyInAnyOrderElementsOf(members);
    members.forEach(m -> assertThat(read.isMember(m)).isTrue());
  }
}
