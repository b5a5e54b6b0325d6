package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.embedded.kafka.EmbeddedKafkaBroker;
import io.herald.embedded.mongo.EmbeddedMongo;
import io.herald.events.CheckoutCompleted;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * The platform's backing services fail under it: its own broker and Mongo-wire server (not the test
 * kit's shared ones), stopped and started again on the same ports and data while the services run.
 * One platform start for both checks.
 *
 * <p>Broker restart under checkout load: every checkout answered 202 is in {@code checkouts}
 * afterwards exactly once (by Idempotency-Key, with the event id the 202 named); during the outage
 * clients get 503 problem+json with Retry-After, and no request outlives the producer's stated
 * bound ({@code max-block} + {@code delivery-timeout}).
 *
 * <p>Database outage: the read APIs answer 503 meanwhile (not 500, not a hang), chat keeps flowing
 * over the socket, and after the restart the projector has written every message to the read model.
 */
class InfrastructureFaultsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  /** The ingest producer's bounds for this run: a request waits at most max-block + delivery-timeout. */
  private static final Duration MAX_BLOCK = Duration.ofSeconds(2);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(4);
  /** A client's own time-out: the stated bound plus slack for a busy 2-core machine. */
  private static final Duration CLIENT_TIMEOUT = MAX_BLOCK.plus(DELIVERY_TIMEOUT).plusSeconds(10);

  private static Path data;
  private static int kafkaPort;
  private static int controllerPort;
  private static int mongoPort;
  private static EmbeddedKafkaBroker kafka;
  private static EmbeddedMongo mongo;
  private static HeraldPlatform platform;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("herald-faults");
    kafkaPort = Platform.freePort();
    controllerPort = Platform.freePort();
    mongoPort = Platform.freePort();
    kafka = startKafka();
    mongo = startMongo();
    StandaloneSettings s = new StandaloneSettings(data, "127.0.0.1", kafkaPort, mongoPort, Platform.freePort(),
        Platform.freePort(), Platform.freePort(), 3);
    platform = HeraldPlatform.startServices(s, kafka.bootstrapServers(), mongo.connectionString(), Map.of(
        "herald.ingest.kafka.max-block", MAX_BLOCK.toMillis() + "ms",
        "herald.ingest.kafka.delivery-timeout", DELIVERY_TIMEOUT.toMillis() + "ms"));
    api = new Api(platform);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
    if (mongo != null) {
      mongo.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static EmbeddedKafkaBroker startKafka() {
    return EmbeddedKafkaBroker.builder().dataDir(data.resolve("kafka")).port(kafkaPort).controllerPort(controllerPort)
        .start();
  }

  private static EmbeddedMongo startMongo() {
    return EmbeddedMongo.builder().file(data.resolve("mongo").resolve("herald.mv")).port(mongoPort).start();
  }

  /** One client's view of one checkout: the event id of its 202, once it got one. */
  private record Acked(String checkoutId, String eventId) {}

  @Test
  void aBrokerRestartUnderCheckoutLoadLosesAndDuplicatesNothingAndClientsGet503WithRetryAfter() throws Exception {
    String shop = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    api.signUp("merchant", List.of(shop));
    String customer = api.signUp("customer", List.of());

    Map<String, Acked> acked = new ConcurrentHashMap<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger unavailable = new AtomicInteger();
    AtomicBoolean stopping = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        for (int i = 0; !stopping.get(); i++) {
          String checkoutId = "c" + client + "-" + i;
          while (true) { // a mobile client: retries the same checkout with the same Idempotency-Key until accepted
            long started = System.nanoTime();
            ResponseEntity<JsonNode> r;
            try {
              r = api.ingest.post().uri("/v1/shops/{shop}/checkouts", shop).contentType(MediaType.APPLICATION_JSON)
                  .headers(h -> {
                    h.setBearerAuth(customer);
                    h.set("Idempotency-Key", checkoutId);
                  })
                  .bodyValue(Api.checkout(checkoutId)).exchangeToMono(x -> x.toEntity(JsonNode.class)).block(CLIENT_TIMEOUT);
            } catch (RuntimeException e) {
              problems.add(checkoutId + ": no answer within " + CLIENT_TIMEOUT + " (" + e + ")");
              return;
            }
            int status = r.getStatusCode().value();
            if (status == 202) {
              acked.put(checkoutId, new Acked(checkoutId, r.getBody().get("eventId").asString()));
              break;
            }
            if (status == 503) {
              unavailable.incrementAndGet();
              if (r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER) == null
                  || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(r.getHeaders().getContentType())) {
                problems.add(checkoutId + ": 503 without Retry-After or problem+json: " + r.getHeaders());
              }
            } else if (status != 409) { // 409: the previous attempt is still in flight
              problems.add(checkoutId + ": " + status + " " + r.getBody());
              return;
            }
            pause(200 + (System.nanoTime() - started) / 1_000_000 / 10); // back off a little; not asserted
          }
        }
      }, "checkout-client-" + c);
      clients.add(t);
      t.start();
    }

    await().atMost(WAIT).until(() -> acked.size() >= 20);
    kafka.close();
    await().atMost(WAIT).alias("clients told 503 while the broker is down").until(() -> unavailable.get() >= 4);
    kafka = startKafka();
    int ackedAtRestart = acked.size();
    await().atMost(WAIT).alias("checkouts accepted again").until(() -> acked.size() >= ackedAtRestart + 20);
    stopping.set(true);
    for (Thread t : clients) {
      t.join(CLIENT_TIMEOUT.multipliedBy(3).toMillis());
      assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
    }
    assertThat(problems).isEmpty();

    // every acknowledged checkout is in the topic exactly once, with the event id its 202 named
    KafkaProbe probe = KafkaProbe.on(kafka.bootstrapServers());
    Map<String, List<String>> eventIdsByCheckout = new HashMap<>();
    await().atMost(WAIT).untilAsserted(() -> {
      eventIdsByCheckout.clear();
      for (ConsumerRecord<String, CheckoutCompleted> r : probe.read(Topics.CHECKOUTS, acked.size(), Duration.ofSeconds(10))) {
        if (shop.equals(r.key())) {
          eventIdsByCheckout.computeIfAbsent(r.value().getCheckoutId(), k -> new ArrayList<>())
              .add(r.value().getEventId().toString());
        }
      }
      assertThat(eventIdsByCheckout.keySet()).containsAll(acked.keySet());
    });
    for (Acked a : acked.values()) {
      assertThat(eventIdsByCheckout.get(a.checkoutId())).as("records of checkout %s", a.checkoutId())
          .containsExactly(a.eventId());
    }
    Set<String> notAcked = new HashSet<>(eventIdsByCheckout.keySet());
    notAcked.removeAll(acked.keySet());
    assertThat(notAcked.size()).as("only the checkouts in flight when the clients stopped may lack their 202")
        .isLessThanOrEqualTo(clients.size());
    System.out.printf("broker restart: %d checkouts acknowledged, %d answers 503 during the outage%n", acked.size(),
        unavailable.get());
  }

  @Test
  void aDatabaseOutageIs503MeanwhileAndTheReadModelCatchesUpWithEveryMessage() throws Exception {
    String alice = api.signUp("customer", List.of());
    String bob = api.signUp("customer", List.of());
    String bobId = api.userId(bob);
    String conversation = api.directConversation(alice, bobId);
    await().atMost(WAIT).until(() -> history(alice, conversation).getStatusCode().value() == 200);

    int gateway = platform.settings().gatewayPort();
    try (ChatSocket a = ChatSocket.open(gateway, alice, "a-phone", null);
         ChatSocket b = ChatSocket.open(gateway, bob, "b-phone", null)) {
      a.sendMessage("m0", conversation, "before", "before the outage");
      assertThat(a.answer("m0").get("type").asString()).isEqualTo("sent");
      b.messages(conversation, 1);

      mongo.close();
      ResponseEntity<String> read = history(alice, conversation);
      assertThat(read.getStatusCode().value()).as("history while the database is down: %s", read).isEqualTo(503);
      assertThat(read.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
      assertThat(read.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      ResponseEntity<String> signIn = api.ingest.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("email", "nobody@herald.test", "password", "long-enough-pw"))
          .exchangeToMono(r -> r.toEntity(String.class)).block(CLIENT_TIMEOUT);
      assertThat(signIn.getStatusCode().value()).as("sign-in while the database is down: %s", signIn).isEqualTo(503);
      assertThat(signIn.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();

      // chat does not need the database to flow: the messages reach Bob now, the read model later
      for (int i = 1; i <= 5; i++) {
        a.sendMessage("m" + i, conversation, "during-" + i, "during the outage " + i);
        JsonNode answer = a.answer("m" + i);
        assertThat(answer.get("type").asString()).as("answer to a send during the outage: %s", answer).isEqualTo("sent");
      }
      assertThat(b.messages(conversation, 5)).extracting(m -> m.get("body").asString())
          .containsExactly("during the outage 1", "during the outage 2", "during the outage 3", "during the outage 4",
              "during the outage 5");

      mongo = startMongo();
    }
    await().atMost(WAIT).alias("every message in the read model after the restart").untilAsserted(() -> {
      ResponseEntity<String> page = history(alice, conversation);
      assertThat(page.getStatusCode().value()).isEqualTo(200);
      JsonNode items = ChatSocket.JSON.readTree(page.getBody()).get("messages");
      List<Long> seqs = new ArrayList<>();
      items.forEach(m -> seqs.add(m.get("seq").asLong()));
      assertThat(seqs).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
    });
  }

  private static ResponseEntity<String> history(String token, String conversation) {
    return api.gateway.get().uri("/v1/conversations/{c}/messages", conversation).headers(h -> h.setBearerAuth(token))
        .exchangeToMono(r -> r.toEntity(String.class)).block(CLIENT_TIMEOUT);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
