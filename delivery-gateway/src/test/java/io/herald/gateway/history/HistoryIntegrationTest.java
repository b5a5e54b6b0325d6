package io.herald.gateway.history;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.chat.readmodel.CursorDoc;
import io.herald.events.ConversationKind;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.TestTokens;
import io.herald.gateway.chat.ChatTestData;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HistoryIntegrationTest extends GatewayIntegrationTestBase {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ChatTestData readModel = new ChatTestData(DATABASE);

  @AfterEach
  void closeReadModel() {
    readModel.close();
  }

  @Test
  void theConversationListHasTheLastMessageAndTheCallersUnreadCountLatestFirst() {
    String alice = id("alice");
    String bob = id("bob");
    String older = id("dm");
    String newer = id("group");
    readModel.conversation(older, ConversationKind.DIRECT, List.of(alice, bob), 3, Map.of(alice, new CursorDoc(3, 1)));
    LongStream.rangeClosed(1, 3).forEach(s -> readModel.message(delivery(alice, older, s, bob, "dm " + s)));
    readModel.conversation(newer, ConversationKind.GROUP, List.of(bob, alice), 2, Map.of(alice, new CursorDoc(2, 2)));
    LongStream.rangeClosed(1, 2).forEach(s -> readModel.message(delivery(alice, newer, s, bob, "group " + s)));

    JsonNode list = ok(get("/v1/conversations?limit=10", alice)).get("conversations");

    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("conversationId").asString()).isEqualTo(newer);
    assertThat(list.get(0).get("kind").asString()).isEqualTo("GROUP");
    assertThat(list.get(0).get("unread").asLong()).isZero();
    assertThat(list.get(1).get("conversationId").asString()).isEqualTo(older);
    assertThat(list.get(1).get("unread").asLong()).isEqualTo(2);
    assertThat(list.get(1).get("lastMessage").get("seq").asLong()).isEqualTo(3);
    assertThat(list.get(1).get("lastMessage").get("preview").asString()).isEqualTo("dm 3");
    assertThat(ok(get("/v1/conversations?limit=1", alice)).get("conversations")).hasSize(1);
    assertThat(ok(get("/v1/conversations", id("nobody"))).get("conversations")).isEmpty();
  }

  @Test
  void messagesArePagedNewestFirstForMembers() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 5);
    LongStream.rangeClosed(1, 5).forEach(s -> readModel.message(delivery(alice, conversation, s, bob, "m" + s)));
    String path = "/v1/conversations/" + conversation + "/messages";

    JsonNode first = ok(get(path + "?limit=2", alice));
    assertThat(seqs(first)).containsExactly(5L, 4L);
    assertThat(first.get("nextBefore").asLong()).isEqualTo(4);
    assertThat(first.get("messages").get(0).get("body").asString()).isEqualTo("m5");
    assertThat(first.get("messages").get(0).get("senderId").asString()).isEqualTo(bob);
    JsonNode second = ok(get(path + "?limit=2&before=4", bob));
    assertThat(seqs(second)).containsExactly(3L, 2L);
    JsonNode last = ok(get(path + "?limit=2&before=" + second.get("nextBefore").asLong(), alice));
    assertThat(seqs(last)).containsExactly(1L);
    assertThat(last.get("nextBefore").isNull()).isTrue();
  }

  @Test
  void nonMembersGet403UnknownConversations404AndBadParameters400() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 1);
    readModel.message(delivery(alice, conversation, 1, bob, "private"));

    ResponseEntity<String> forbidden = get("/v1/conversations/" + conversation + "/messages", id("mallory"));
    assertThat(forbidden.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(forbidden.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(forbidden.getBody()).doesNotContain("private");
    assertThat(get("/v1/conversations/" + id("none") + "/messages", alice).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(get("/v1/conversations/" + conversation + "/messages?limit=0", alice).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(get("/v1/conversations/" + conversation + "/messages?before=x", alice).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(get("/v1/conversations?limit=1000", alice).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void historyNeedsABearerTokenNotATicket() {
    assertThat(HttpProbe.get(port, "/v1/conversations").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(HttpProbe.get(port, "/v1/conversations?ticket=" + TestTokens.wsTicket("alice")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private ResponseEntity<String> get(String path, String userId) {
    return HttpProbe.get(port, path, h -> h.setBearerAuth(TestTokens.user(userId)));
  }

  private static JsonNode ok(ResponseEntity<String> r) {
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return JSON.readTree(r.getBody());
  }

  private static List<Long> seqs(JsonNode page) {
    return page.get("messages").valueStream().map(m -> m.get("seq").asLong()).toList();
  }
}
