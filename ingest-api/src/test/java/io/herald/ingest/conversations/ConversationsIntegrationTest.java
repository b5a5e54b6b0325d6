package io.herald.ingest.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.events.ConversationCreated;
import io.herald.events.ConversationEvent;
import io.herald.events.ConversationKind;
import io.herald.events.MemberJoined;
import io.herald.events.MemberLeft;
import io.herald.events.MessageSent;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.ingest.IngestIntegrationTest;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Chat over HTTP on the real broker and the Mongo-wire server. The read model (membership) is
 * written by {@link ReadModelStandIn} from the events this API produced, standing in for the
 * topology and the projector that run in stream-processors.
 */
@TestPropertySource(properties = {"herald.chat.read-model-grace=100ms",
    "herald.ingest.rate-limit.anonymous-burst=1000", "herald.ingest.rate-limit.anonymous-per-second=1000"})
class ConversationsIntegrationTest extends IngestIntegrationTest {

  private final ConversationLog log = new ConversationLog();
  @Autowired
  private MongoDatabase database;
  private ReadModelStandIn projector;

  private record User(String id, String token) {}

  @BeforeEach
  void standIn() {
    projector = new ReadModelStandIn(database);
  }

  private User newUser() {
    String email = unique("chat") + "@example.com";
    String id = (String) register(email, "customer", null).get("userId");
    return new User(id, signIn(email));
  }

  private WebTestClient.ResponseSpec post(User caller, String path, Object body, Consumer<HttpHeaders> headers) {
    return web.post().uri(path).headers(h -> {
      h.set(HttpHeaders.AUTHORIZATION, bearer(caller.token()));
      headers.accept(h);
    }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  private WebTestClient.ResponseSpec post(User caller, String path, Object body) {
    return post(caller, path, body, h -> { });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(WebTestClient.ResponseSpec spec, int status) {
    return spec.expectStatus().isEqualTo(status).expectBody(Map.class).returnResult().getResponseBody();
  }

  /** Creates a group as {@code admin} and lets the stand-in project it; returns its id. */
  private String group(User admin, User... others) {
    Map<Integer, Long> before = log.mark(Topics.CONVERSATIONS);
    String id = (String) json(post(admin, "/v1/conversations", Map.of("type", "group", "name", "Team",
        "members", java.util.Arrays.stream(others).map(User::id).toList())), 201).get("conversationId");
    projector.apply(log.eventsUpTo(before, id, e -> e.getPayload() instanceof ConversationCreated));
    return id;
  }

  private WebTestClient.ResponseSpec send(User caller, String conversationId, Map<String, Object> body,
                                          String idempotencyKey) {
    return post(caller, "/v1/conversations/" + conversationId + "/messages", body, h -> {
      if (idempotencyKey != null) {
        h.set("Idempotency-Key", idempotencyKey);
      }
    });
  }

  private static Map<String, Object> message(String clientMsgId, String body) {
    Map<String, Object> m = new HashMap<>(Map.of("body", body));
    if (clientMsgId != null) {
      m.put("clientMsgId", clientMsgId);
    }
    return m;
  }

  @Test
  void aDirectConversationCreatedTwiceHasOneId() {
    User a = newUser();
    User b = newUser();
    Map<Integer, Long> before = log.mark(Topics.CONVERSATIONS);

    Map<String, Object> first = json(post(a, "/v1/conversations", Map.of("type", "direct", "userId", b.id())), 201);

    String id = (String) first.get("conversationId");
    assertThat(id).startsWith("d_");
    assertThat(first).containsEntry("kind", "direct").containsEntry("admins", List.of())
        .containsEntry("members", a.id().compareTo(b.id()) < 0 ? List.of(a.id(), b.id()) : List.of(b.id(), a.id()));
    List<ConversationEvent> created = log.eventsUpTo(before, id, e -> e.getPayload() instanceof ConversationCreated);
    assertThat(created).hasSize(1);
    assertThat(created.get(0).getActorId()).isEqualTo(a.id());
    assertThat(((ConversationCreated) created.get(0).getPayload()).getKind()).isEqualTo(ConversationKind.DIRECT);

    // Before the projector caught up, asking again already answers 200 with the same id and produces nothing.
    long end = log.endOffsetOf(Topics.CONVERSATIONS, id);
    assertThat(json(post(b, "/v1/conversations", Map.of("type", "direct", "userId", a.id())), 200))
        .containsEntry("conversationId", id);
    assertThat(log.endOffsetOf(Topics.CONVERSATIONS, id)).isEqualTo(end);

    projector.apply(created);
    assertThat(json(post(b, "/v1/conversations", Map.of("type", "direct", "userId", a.id())), 200))
        .containsEntry("conversationId", id);
    assertThat(log.endOffsetOf(Topics.CONVERSATIONS, id)).as("nothing produced for a known conversation").isEqualTo(end);
  }

  @Test
  void createRulesAre400NamingTheFieldOrMemberAndProduceNothing() {
    User a = newUser();
    User b = newUser();
    String stranger = UUID.randomUUID().toString();
    long before = total(log.mark(Topics.CONVERSATIONS));

    post(a, "/v1/conversations", Map.of("type", "group", "name", "G", "members", List.of(b.id(), stranger)))
        .expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.errors.length()").isEqualTo(1).jsonPath("$.errors[0].field").isEqualTo("members[1]");
    post(a, "/v1/conversations", Map.of("type", "direct", "userId", stranger))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("userId");
    post(a, "/v1/conversations", Map.of("type", "direct", "userId", a.id()))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("userId");
    post(a, "/v1/conversations", Map.of("type", "channel"))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("type");
    post(a, "/v1/conversations", Map.of("type", "group", "name", " ", "members", List.of(b.id())))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("name");

    assertThat(total(log.mark(Topics.CONVERSATIONS))).as("records produced by refused creates").isEqualTo(before);
  }

  @Test
  void aGroupIsCreatedWithItsCreatorAsAdminAndARetriedCreateReturnsTheSameGroup() {
    User a = newUser();
    User b = newUser();
    User c = newUser();
    Map<Integer, Long> before = log.mark(Topics.CONVERSATIONS);
    Map<String, Object> body = Map.of("type", "group", "name", " Team ", "members", List.of(b.id(), c.id(), b.id()));

    Map<String, Object> group = json(post(a, "/v1/conversations", body, h -> h.set("Idempotency-Key", "g-1")), 201);
    String id = (String) group.get("conversationId");
    assertThat(group).containsEntry("kind", "group").containsEntry("name", "Team")
        .containsEntry("members", List.of(a.id(), b.id(), c.id())).containsEntry("admins", List.of(a.id()));
    post(a, "/v1/conversations", body, h -> h.set("Idempotency-Key", "g-1")).expectStatus().isCreated()
        .expectHeader().valueEquals("Idempotent-Replayed", "true")
        .expectBody().jsonPath("$.conversationId").isEqualTo(id);

    ConversationCreated created = (ConversationCreated) log.eventsUpTo(before, id,
        e -> e.getPayload() instanceof ConversationCreated).get(0).getPayload();
    assertThat(created.getMembers()).containsExactly(a.id(), b.id(), c.id());
    assertThat(created.getAdmins()).containsExactly(a.id());
    assertThat(created.getName()).isEqualTo("Team");
  }

  @Test
  void onlyMembersAddAndOnlyAdminsOrTheMemberThemselfRemove() {
    User admin = newUser();
    User member = newUser();
    User outsider = newUser();
    User newcomer = newUser();
    String id = group(admin, member);
    String members = "/v1/conversations/" + id + "/members";
    long end = log.endOffsetOf(Topics.CONVERSATIONS, id);

    post(outsider, members, Map.of("userId", newcomer.id())).expectStatus().isForbidden()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    post(member, members, Map.of("userId", UUID.randomUUID().toString())).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("userId");
    web.delete().uri(members + "/" + admin.id()).header(HttpHeaders.AUTHORIZATION, bearer(member.token()))
        .exchange().expectStatus().isForbidden();
    assertThat(log.endOffsetOf(Topics.CONVERSATIONS, id)).as("refused changes produce nothing").isEqualTo(end);

    Map<Integer, Long> before = log.mark(Topics.CONVERSATIONS);
    assertThat(json(post(member, members, Map.of("userId", newcomer.id())), 202))
        .containsEntry("conversationId", id).containsEntry("userId", newcomer.id()).containsEntry("changed", true);
    projector.apply(log.eventsUpTo(before, id, e -> e.getPayload() instanceof MemberJoined));

    before = log.mark(Topics.CONVERSATIONS);
    web.delete().uri(members + "/" + member.id()).header(HttpHeaders.AUTHORIZATION, bearer(member.token()))
        .exchange().expectStatus().isAccepted();
    web.delete().uri(members + "/" + newcomer.id()).header(HttpHeaders.AUTHORIZATION, bearer(admin.token()))
        .exchange().expectStatus().isAccepted();
    List<ConversationEvent> left = log.eventsUpTo(before, id,
        e -> e.getPayload() instanceof MemberLeft l && l.getUserId().equals(newcomer.id()));
    assertThat(left).extracting(ConversationEvent::getActorId).containsExactly(member.id(), admin.id());

    post(admin, "/v1/conversations/g_doesnotexist/members", Map.of("userId", member.id())).expectStatus().isNotFound()
        .expectBody().jsonPath("$.conversationId").isEqualTo("g_doesnotexist");
  }

  @Test
  void aNonMembersSendIs403AndProducesNothing() {
    User a = newUser();
    User b = newUser();
    User outsider = newUser();
    String id = group(a, b);
    long end = log.endOffsetOf(Topics.CONVERSATIONS, id);

    send(outsider, id, message("c-1", "let me in"), null).expectStatus().isForbidden()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    post(outsider, "/v1/conversations/" + id + "/receipts", Map.of("kind", "read", "upToSeq", 1))
        .expectStatus().isForbidden();

    assertThat(log.endOffsetOf(Topics.CONVERSATIONS, id)).as("records produced for a non-member").isEqualTo(end);
  }

  @Test
  void aRetriedSendGetsTheSameAnswerAndYieldsOneRecord() {
    User a = newUser();
    User b = newUser();
    String id = group(a, b);
    Map<Integer, Long> before = log.mark(Topics.CONVERSATIONS);

    byte[] first = send(a, id, message("c-1", "hello"), null).expectStatus().isAccepted()
        .expectHeader().doesNotExist("Idempotent-Replayed")
        .expectBody().jsonPath("$.conversationId").isEqualTo(id).jsonPath("$.clientMsgId").isEqualTo("c-1")
        .jsonPath("$.messageId").isNotEmpty().jsonPath("$.partition").isNumber().jsonPath("$.offset").isNumber()
        .returnResult().getResponseBody();
    byte[] retry = send(a, id, message("c-1", "hello"), null).expectStatus().isAccepted()
        .expectHeader().valueEquals("Idempotent-Replayed", "true")
        .expectBody().returnResult().getResponseBody();
    assertThat(new String(retry, StandardCharsets.UTF_8)).isEqualTo(new String(first, StandardCharsets.UTF_8));
    send(a, id, message("c-1", "something else"), null).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("clientMsgId");

    // The Idempotency-Key header stands in for clientMsgId.
    String viaHeader = send(b, id, message(null, "hi"), "k-1").expectStatus().isAccepted()
        .expectBody(MessageAccepted.class).returnResult().getResponseBody().clientMsgId();
    assertThat(viaHeader).isEqualTo("k-1");
    send(b, id, message(null, "hi"), "k-1").expectStatus().isAccepted()
        .expectHeader().valueEquals("Idempotent-Replayed", "true");

    send(a, id, message("marker", "last"), null).expectStatus().isAccepted();
    List<MessageSent> sent = log.eventsUpTo(before, id,
            e -> e.getPayload() instanceof MessageSent m && m.getClientMsgId().equals("marker")).stream()
        .map(e -> (MessageSent) e.getPayload()).toList();
    assertThat(sent).extracting(MessageSent::getClientMsgId).containsExactly("c-1", "k-1", "marker");
    assertThat(sent.get(0).getContentType()).isEqualTo("text/plain");
  }

  @Test
  void sendLimitsAre400Or413() {
    User a = newUser();
    User b = newUser();
    String id = group(a, b);

    send(a, id, message("big", "x".repeat(4097)), null).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("body");
    send(a, id, message("huge", "x".repeat(70 * 1024)), null).expectStatus().isEqualTo(413)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    send(a, id, message(null, "no id"), null).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("clientMsgId");
    send(a, id, message("c-1", "two ids"), "c-2").expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("clientMsgId");
    send(a, id, message(null, "long key"), "k".repeat(65)).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
    Map<String, Object> html = message("c-3", "<b>");
    html.put("contentType", "text/html");
    send(a, id, html, null).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("contentType");
    web.post().uri("/v1/conversations/" + id + "/messages").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(message("c-4", "anonymous")).exchange().expectStatus().isUnauthorized();
  }

  @Test
  void aMembersReceiptIsAcceptedOntoReceipts() {
    User a = newUser();
    User b = newUser();
    String id = group(a, b);
    Map<Integer, Long> before = log.mark(Topics.RECEIPTS);

    assertThat(json(post(b, "/v1/conversations/" + id + "/receipts", Map.of("kind", "read", "upToSeq", 3)), 202))
        .containsEntry("conversationId", id).containsEntry("kind", "read").containsEntry("upToSeq", 3);

    Receipt receipt = log.valuesUpTo(Topics.RECEIPTS, before, id, r -> true).get(0);
    assertThat(receipt.getUserId()).isEqualTo(b.id());
    assertThat(receipt.getKind()).isEqualTo(ReceiptKind.READ);
    assertThat(receipt.getUpToSeq()).isEqualTo(3L);
    post(b, "/v1/conversations/" + id + "/receipts", Map.of("kind", "seen", "upToSeq", 3))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("kind");
    post(b, "/v1/conversations/" + id + "/receipts", Map.of("kind", "delivered", "upToSeq", -1))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("upToSeq");
  }

  private static long total(Map<Integer, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
