package io.herald.ingest.shops;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.IngestIntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Shop ownership is exclusive: attempts to take, share or keep someone else's shop, over HTTP. */
@TestPropertySource(properties = {"herald.ingest.rate-limit.anonymous-burst=1000",
    "herald.ingest.rate-limit.anonymous-per-second=1000", "herald.ingest.limits.max-shops-per-merchant=2"})
class ShopClaimsIntegrationTest extends IngestIntegrationTest {

  private static final String PASSWORD = "correct horse battery";

  private WebTestClient.ResponseSpec signUp(String email, String... shops) {
    return web.post().uri("/v1/users").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email, "password", PASSWORD, "displayName", "M", "role", "merchant",
            "shopIds", List.of(shops)))
        .exchange();
  }

  private WebTestClient.ResponseSpec claim(String token, String shopId) {
    return web.post().uri("/v1/users/me/shops").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("shopId", shopId)).exchange();
  }

  private WebTestClient.ResponseSpec ticket(String token, String shopId) {
    return web.post().uri("/v1/tickets").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scope", "shop:" + shopId)).exchange();
  }

  private static String email() {
    return unique("m") + "@example.com";
  }

  /** Runs the calls at once (released together) and returns their HTTP statuses in order. */
  private static List<Integer> concurrently(List<Callable<Integer>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (Callable<Integer> call : calls) {
        futures.add(pool.submit(() -> {
          go.await();
          return call.call();
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : futures) {
        statuses.add(f.get(60, TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMerchantCannotSignUpWithAnotherMerchantsShopNorWatchIt() {
    String shopA = unique("A");
    String merchantA = newMerchant(shopA);
    String free = unique("free");
    String emailB = email();

    signUp(emailB, free, shopA).expectStatus().isEqualTo(409)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.shopId").isEqualTo(shopA)
        .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(shopA));

    // No account was created, and the shop this attempt had claimed first is free again.
    web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", emailB, "password", PASSWORD)).exchange().expectStatus().isUnauthorized();
    signUp(email(), free).expectStatus().isCreated();

    // B with a shop of its own still cannot watch A's, by ticket or by claiming it afterwards.
    signUp(emailB, unique("B")).expectStatus().isCreated();
    String merchantB = signIn(emailB);
    ticket(merchantB, shopA).expectStatus().isForbidden();
    claim(merchantB, shopA).expectStatus().isEqualTo(409).expectBody().jsonPath("$.shopId").isEqualTo(shopA);
    ticket(signIn(emailB), shopA).expectStatus().isForbidden();

    ticket(merchantA, shopA).expectStatus().isCreated();
  }

  @Test
  void anEmailConflictReleasesTheShopsTheSignUpClaimed() {
    String email = email();
    signUp(email, unique("first")).expectStatus().isCreated();
    String shop = unique("s");
    signUp(email.toUpperCase(), shop).expectStatus().isEqualTo(409);
    signUp(email(), shop).expectStatus().isCreated();
  }

  @Test
  void ofConcurrentSignUpsClaimingOneShopExactlyOneSucceeds() throws Exception {
    String shop = unique("hot");
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String email = email();
      calls.add(() -> signUp(email, shop).returnResult(Void.class).getStatus().value());
    }
    List<Integer> statuses = concurrently(calls);
    assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
  }

  @Test
  void ofConcurrentClaimsOfOneShopExactlyOneSucceedsAndOnlyItsOwnerMayWatch() throws Exception {
    String shop = unique("hot");
    List<String> emails = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String email = email();
      signUp(email, unique("own")).expectStatus().isCreated();
      emails.add(email);
      tokens.add(signIn(email));
    }
    List<Callable<Integer>> calls = tokens.stream()
        .<Callable<Integer>>map(t -> () -> claim(t, shop).returnResult(Void.class).getStatus().value()).toList();

    List<Integer> statuses = concurrently(calls);

    assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    for (int i = 0; i < statuses.size(); i++) {
      String fresh = signIn(emails.get(i));
      if (statuses.get(i) == 201) {
        ticket(fresh, shop).expectStatus().isCreated();
      } else {
        ticket(fresh, shop).expectStatus().isForbidden();
      }
    }
  }

  @Test
  void concurrentClaimsByOneMerchantStopAtTheLimitAndLeaveTheOtherShopsFree() throws Exception {
    String token = newMerchant(unique("own"));  // one of its two shops
    List<String> wanted = List.of(unique("w"), unique("w"), unique("w"), unique("w"));

    List<Integer> statuses = concurrently(wanted.stream()
        .<Callable<Integer>>map(shop -> () -> claim(token, shop).returnResult(Void.class).getStatus().value()).toList());

    assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    for (int i = 0; i < wanted.size(); i++) {
      if (statuses.get(i) == 409) {
        signUp(email(), wanted.get(i)).expectStatus().isCreated();  // the refused claim was released
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClaimedShopIsInTheTokenAfterTheNextSignIn() {
    String email = email();
    String first = unique("s1");
    signUp(email, first).expectStatus().isCreated();
    String before = signIn(email);
    String second = unique("s2");

    Map<String, Object> account = claim(before, second).expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
    assertThat(account).containsEntry("shopIds", List.of(first, second));
    claim(before, second).expectStatus().isOk();  // already its own: nothing changes

    ticket(before, second).expectStatus().isForbidden();  // the old token does not name it
    ticket(signIn(email), second).expectStatus().isCreated();

    claim(before, "not a shop id").expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("shopId");
    claim(newCustomer(), unique("c")).expectStatus().isForbidden();
    web.post().uri("/v1/users/me/shops").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(new HashMap<>(Map.of("shopId", unique("x")))).exchange().expectStatus().isUnauthorized();
  }

  @Test
  void deletingAnAccountReleasesItsShopsAndItsTokensStopOpeningThem() {
    String shop = unique("s");
    String owner = newMerchant(shop);
    ticket(owner, shop).expectStatus().isCreated();

    web.delete().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(owner)).exchange()
        .expectStatus().isNoContent();

    // The token still names the shop and is unexpired, but deletion revoked its session.
    ticket(owner, shop).expectStatus().isUnauthorized();
    String next = newMerchant(shop);
    ticket(next, shop).expectStatus().isCreated();
  }
}
