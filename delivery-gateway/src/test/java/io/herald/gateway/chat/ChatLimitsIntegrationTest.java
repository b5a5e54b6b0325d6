package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.CloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import tools.jackson.databind.JsonNode;

/** Who may open a chat socket, and the per-connection limits, with small values. */
@TestPropertySource(properties = {
    "herald.gateway.chat.hello-timeout=200ms",
    "herald.gateway.chat.max-connections-per-user=2",
    "herald.gateway.chat.inbound-rate=1",
    "herald.gateway.chat.inbound-burst=3",
    "herald.gateway.chat.rate-limit-strikes=3",
    "herald.gateway.chat.max-frame-size=1KB"})
class ChatLimitsIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = ChatClient.WAIT;

  @Test
  void aHandshakeWithoutCredentialsIs401ProblemJson() {
    ResponseEntity<String> r = HttpProbe.get(port, "/v1/ws", h -> {
      h.set(HttpHeaders.UPGRADE, "websocket");
      h.set(HttpHeaders.CONNECTION, "Upgrade");
      h.set("Sec-WebSocket-Version", "13");
      h.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    });
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(r.getBody()).contains("\"instance\":\"/v1/ws\"");

    assertThat(handshakeStatus(ChatClient.connect(port, "", (String) null))).isEqualTo(401);
  }

  @Test
  void anAccessTokenInTheUrlIsRefusedButAWebSocketTicketOrABearerHeaderIsAccepted() {
    String alice = id("alice");
    String token = TestTokens.user(alice);
    assertThat(handshakeStatus(ChatClient.connect(port, "?ticket=" + token, (String) null))).isEqualTo(401);
    assertThat(handshakeStatus(ChatClient.connect(port, "?access_token=" + token, (String) null))).isEqualTo(401);
    assertThat(handshakeStatus(ChatClient.connect(port, "?ticket=" + TestTokens.shopTicket("s1", "s1"), (String) null)))
        .as("a ticket of another scope").isEqualTo(401);
    assertThat(handshakeStatus(ChatClient.connect(port, "", TestTokens.forgedMerchant("s1")))).isEqualTo(401);

    try (ChatClient byTicket = ChatClient.connect(port, "?ticket=" + TestTokens.wsTicket(alice), (String) null);
         ChatClient byHeader = ChatClient.connect(port, "", token)) {
      assertThat(byTicket.next(WAIT).get("userId").asString()).isEqualTo(alice);
      assertThat(byHeader.next(WAIT).get("userId").asString()).isEqualTo(alice);
    }
  }

  @Test
  void anInvalidDeviceIdIs400() {
    assertThat(handshakeStatus(ChatClient.connect(port, "?deviceId=%3Cscript%3E", TestTokens.user(id("a")))))
        .isEqualTo(400);
  }

  @Test
  void aConnectionBeyondTheUserLimitClosesTheOldestWith4008() {
    String alice = id("alice");
    try (ChatClient first = ChatClient.open(port, alice, "one");
         ChatClient second = ChatClient.open(port, alice, "two");
         ChatClient third = ChatClient.open(port, alice, "three")) {
      CloseStatus status = first.awaitClose(WAIT);
      assertThat(status.getCode()).isEqualTo(4008);
      for (ChatClient open : new ChatClient[] {second, third}) {
        open.send("{\"type\":\"ping\"}");
        assertThat(open.next(WAIT).get("type").asString()).isEqualTo("pong");
      }
    }
  }

  @Test
  void aClientThatKeepsSendingTooFastGetsRateLimitedThenClosedWith1008() {
    try (ChatClient a = ChatClient.open(port, id("alice"), "phone")) {
      for (int i = 0; i < 8; i++) {
        a.send("{\"type\":\"ping\",\"ref\":\"" + i + "\"}");
      }
      int pongs = 0;
      int limited = 0;
      while (limited < 3) {
        JsonNode f = a.next(WAIT);
        if ("pong".equals(f.get("type").asString())) {
          pongs++;
        } else {
          assertThat(f.get("code").asString()).isEqualTo("rate_limited");
          limited++;
        }
      }
      assertThat(pongs).as("the burst").isBetween(3, 4);
      assertThat(a.awaitClose(WAIT).getCode()).isEqualTo(1008);
    }
  }

  @Test
  void aFrameOverTheSizeLimitClosesTheSocketWith1009() {
    try (ChatClient a = ChatClient.open(port, id("alice"), "phone")) {
      a.send("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(2048) + "\"}");
      assertThat(a.awaitClose(WAIT).getCode()).isEqualTo(1009);
    }
  }

  private static int handshakeStatus(ChatClient client) {
    try (client) {
      Throwable failure = client.awaitFailure(WAIT);
      assertThat(failure).isInstanceOf(WebSocketClientHandshakeException.class);
      return ((WebSocketClientHandshakeException) failure).response().status().code();
    }
  }
}
