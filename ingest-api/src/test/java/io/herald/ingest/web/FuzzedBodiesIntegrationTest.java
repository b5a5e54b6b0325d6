package io.herald.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property: whatever body a client sends to any JSON endpoint, the answer is never a 5xx, every
 * refusal is problem+json, and the service keeps answering others. Bodies are generated from a
 * seeded random source (printed with any failure; rerun with {@code -Dfuzz.seed=N}): valid
 * templates with one value replaced by a hostile one, extra members, truncation, deep nesting,
 * random bytes and wrong top-level types.
 */
@TestPropertySource(properties = {"herald.ingest.rate-limit.per-user-per-second=100000",
    "herald.ingest.rate-limit.per-user-burst=100000", "herald.ingest.rate-limit.anonymous-per-second=100000",
    "herald.ingest.rate-limit.anonymous-burst=100000"})
class FuzzedBodiesIntegrationTest extends IngestIntegrationTest {

  private static final int CASES_PER_ENDPOINT = 40;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private record Endpoint(HttpMethod method, String path, boolean signedIn, Map<String, Object> template) {}

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void noBodyMakesAnyJsonEndpointAnswer5xx() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    String shop = unique("fz");
    String merchant = newMerchant(shop);
    String other = newCustomer();
    List<Endpoint> endpoints = List.of(
        new Endpoint(HttpMethod.POST, "/v1/users", false, map("email", "a@b.c", "password", "correct horse battery",
            "displayName", "A", "role", "customer")),
        new Endpoint(HttpMethod.POST, "/v1/sessions", false, map("email", "a@b.c", "password", "x", "device", "d")),
        new Endpoint(HttpMethod.POST, "/v1/sessions/refresh", false, map("refreshToken", "x.y")),
        new Endpoint(HttpMethod.POST, "/v1/tickets", true, map("scope", "shop:" + shop)),
        new Endpoint(HttpMethod.POST, "/v1/shops/" + shop + "/checkouts", true, map("checkoutId", "c1",
            "items", List.of(map("sku", "s", "name", "n", "quantity", 1, "unitPriceMinor", 100)), "totalMinor", 100,
            "currency", "EUR", "occurredAt", "2026-01-01T00:00:00Z", "channel", "app")),
        new Endpoint(HttpMethod.POST, "/v1/shops/" + shop + "/messages", true, map("kind", "order.note", "body", "hi",
            "attributes", map("table", "4"))),
        new Endpoint(HttpMethod.POST, "/v1/conversations", true, map("type", "group", "name", "g",
            "members", List.of("u1"))),
        new Endpoint(HttpMethod.POST, "/v1/conversations/d_x/messages", true, map("clientMsgId", "m1", "body", "hi",
            "contentType", "text/plain")),
        new Endpoint(HttpMethod.POST, "/v1/conversations/d_x/receipts", true, map("kind", "read", "upToSeq", 1)),
        new Endpoint(HttpMethod.PATCH, "/v1/users/me", true, map("displayName", "B", "currentPassword", "x")),
        new Endpoint(HttpMethod.POST, "/v1/users/me/shops", true, map("shopId", unique("fz"))));

    for (Endpoint e : endpoints) {
      for (int i = 0; i < CASES_PER_ENDPOINT; i++) {
        byte[] body = fuzz(random, e.template());
        var spec = web.method(e.method()).uri(e.path()).contentType(MediaType.APPLICATION_JSON);
        if (e.signedIn()) {
          spec = spec.header(HttpHeaders.AUTHORIZATION, bearer(merchant));
        }
        EntityExchangeResult<byte[]> r = spec.bodyValue(body).exchange().expectBody().returnResult();
        int status = r.getStatus().value();
        String what = "seed " + seed + ", " + e.method() + " " + e.path() + " with " + preview(body);
        assertThat(status).as(what).isLessThan(500);
        if (status >= 400) {
          assertThat(r.getResponseHeaders().getContentType()).as(what).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
      }
    }
    // Others were never cut off.
    web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(other)).exchange().expectStatus().isOk();
  }

  private static String preview(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "…(" + body.length + " bytes)" : s;
  }

  private static byte[] fuzz(Random r, Map<String, Object> template) {
    return switch (r.nextInt(8)) {
      case 0 -> randomBytes(r);
      case 1 -> {
        byte[] valid = JSON.writeValueAsBytes(template);
        yield java.util.Arrays.copyOf(valid, r.nextInt(valid.length));
      }
      case 2 -> "[".repeat(200 + r.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
      case 3 -> JSON.writeValueAsBytes(switch (r.nextInt(4)) {
        case 0 -> List.of(template);
        case 1 -> "just a string";
        case 2 -> 42;
        default -> List.of();
      });
      case 4 -> {
        Map<String, Object> extra = new LinkedHashMap<>(template);
        for (int i = 0; i < 1 + r.nextInt(5); i++) {
          extra.put(randomString(r, 1 + r.nextInt(20)), hostile(r, 0));
        }
        yield JSON.writeValueAsBytes(extra);
      }
      default -> {
        Map<String, Object> changed = new LinkedHashMap<>(template);
        List<String> keys = new ArrayList<>(changed.keySet());
        for (int i = 0; i < 1 + r.nextInt(2); i++) {
          changed.put(keys.get(r.nextInt(keys.size())), hostile(r, 0));
        }
        if (r.nextInt(4) == 0) {
          changed.remove(keys.get(r.nextInt(keys.size())));
        }
        yield JSON.writeValueAsBytes(changed);
      }
    };
  }

  /** A value of any JSON type, chosen to hurt: extremes, wrong types, control characters, nesting. */
  private static Object hostile(Random r, int depth) {
    return switch (r.nextInt(depth > 3 ? 12 : 15)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> Long.MAX_VALUE;
      case 3 -> Long.MIN_VALUE;
      case 4 -> -1;
      case 5 -> 0;
      case 6 -> new java.math.BigDecimal("1e400");
      case 7 -> r.nextDouble() * 1e300;
      case 8 -> "";
      case 9 -> randomString(r, 1 + r.nextInt(40));
      case 10 -> "x".repeat(10_000 + r.nextInt(60_000));
      case 11 -> "\u0000\u202e\ud83d\ude00\\\"\n" + randomString(r, 5);
      case 12 -> {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < r.nextInt(6); i++) {
          list.add(hostile(r, depth + 1));
        }
        yield list;
      }
      case 13 -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < r.nextInt(4); i++) {
          m.put(randomString(r, 1 + r.nextInt(8)), hostile(r, depth + 1));
        }
        yield m;
      }
      default -> "2026-13-45T99:99:99Z";
    };
  }

  private static String randomString(Random r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.appendCodePoint(r.nextInt(4) == 0 ? r.nextInt(0x2FFF) : 0x20 + r.nextInt(0x5F));
    }
    return sb.toString().replace('\ud800', 'x');
  }

  private static byte[] randomBytes(Random r) {
    byte[] b = new byte[r.nextInt(2048)];
    r.nextBytes(b);
    return b;
  }
}
