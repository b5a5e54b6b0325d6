package io.herald.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** A thin HTTP client for the public API, the way an app or a dashboard would call it. */
final class Api {

  static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};
  static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

  final WebClient ingest;
  final WebClient gateway;

  Api(HeraldPlatform platform) {
    this(platform.settings());
  }

  Api(StandaloneSettings s) {
    ingest = WebClient.create(s.url(s.ingestPort()));
    gateway = WebClient.create(s.url(s.gatewayPort()));
  }

  /** A registered, signed-in account: what a person types into a page, and the API's answer. */
  record Account(String email, String password, String userId, String token) {}

  /** Registers and signs in; returns the access token. */
  String signUp(String role, List<String> shops) {
    return account(role, shops).token();
  }

  /** Registers and signs in. */
  Account account(String role, List<String> shops) {
    String email = role + "-" + UUID.randomUUID() + "@herald.test";
    Map<String, Object> body = role.equals("merchant")
        ? Map.of("email", email, "password", "long-enough-pw", "displayName", "M", "role", role, "shopIds", shops)
        : Map.of("email", email, "password", "long-enough-pw", "displayName", "C", "role", role);
    ingest.post().uri("/v1/users").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .retrieve().toBodilessEntity().block(Duration.ofSeconds(20));
    Map<String, Object> session = ingest.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email, "password", "long-enough-pw"))
        .retrieve().bodyToMono(JSON).block(Duration.ofSeconds(20));
    return new Account(email, "long-enough-pw", (String) session.get("userId"), (String) session.get("accessToken"));
  }

  /** The signed-in user's id. */
  String userId(String token) {
    return (String) ingest.get().uri("/v1/users/me").headers(h -> h.setBearerAuth(token))
        .retrieve().bodyToMono(JSON).block(Duration.ofSeconds(20)).get("userId");
  }

  /** Opens (or finds) the direct conversation of the token's user with {@code otherUserId}; its id. */
  String directConversation(String token, String otherUserId) {
    return (String) ingest.post().uri("/v1/conversations").contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(token)).bodyValue(Map.of("type", "direct", "userId", otherUserId))
        .retrieve().bodyToMono(JSON).block(Duration.ofSeconds(20)).get("conversationId");
  }

  /**
   * Waits until the conversation is in the read model the APIs check membership against (the
   * projector's lag): sends right after creating a conversation are refused until then.
   */
  void awaitConversation(String token, String conversationId) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).alias("conversation in the read model")
        .until(() -> gateway.get().uri("/v1/conversations").headers(h -> h.setBearerAuth(token))
            .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(20)), l -> l != null && l.contains(conversationId));
  }

  static Map<String, Object> checkout(String checkoutId) {
    return Map.of("checkoutId", checkoutId, "currency", "EUR", "totalMinor", 900,
        "items", List.of(Map.of("sku", "tea-1", "name", "Green tea", "quantity", 2, "unitPriceMinor", 450)));
  }

  /** Opens the shop's stream as a merchant; {@code lastEventId} may be null. */
  Flux<ServerSentEvent<String>> stream(String shop, String token, String lastEventId) {
    return gateway.get().uri("/v1/shops/{shop}/stream", shop).accept(MediaType.TEXT_EVENT_STREAM)
        .headers(h -> {
          h.setBearerAuth(token);
          if (lastEventId != null) {
            h.set("Last-Event-ID", lastEventId);
          }
        })
        .retrieve().bodyToFlux(SSE);
  }
}
