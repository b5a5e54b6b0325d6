package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Hostile input with the whole platform running (one start for both checks).
 *
 * <p>Poison bytes on every input topic of every consumer: each consumer sends each poison record to
 * the topic's dead-letter topic (original bytes, the reason in the headers) and carries on. The
 * topics come from the catalog ({@link Topics#ALL}); each must be listed in {@link #CONSUMERS} with
 * the consumers that read it, so a new topic fails this test until someone says who reads it (and
 * the test then poisons it too).
 *
 * <p>Fuzzed WebSocket frames (seeded: {@code -Dherald.fuzz.seed=N} replays a run): every hostile
 * frame is answered with an {@code error} frame (never {@code internal}), the fuzzing sockets stay
 * usable, and other users' chat is untouched.
 */
@WithHeraldInfra
class HostileInputsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * Who reads each catalog topic, and so must dead-letter what it cannot read. The gateway's shop
   * feed decodes only shops someone watches and its inbox reader only connected users: the test
   * watches the poisoned shop and connects the poisoned user.
   */
  private static final Map<String, List<String>> CONSUMERS = Map.ofEntries(
      Map.entry(Topics.CHECKOUTS.name(), List.of("shop figures topology", "gateway shop feed")),
      Map.entry(Topics.SHOP_MESSAGES.name(), List.of("gateway shop feed")),
      Map.entry(Topics.SHOP_STATS.name(), List.of("gateway shop feed")),
      Map.entry(Topics.CONVERSATIONS.name(), List.of("conversation topology")),
      Map.entry(Topics.RECEIPTS.name(), List.of("conversation topology", "notification topology")),
      Map.entry(Topics.PRESENCE.name(), List.of("presence topology", "routing topology")),
      Map.entry(Topics.GATEWAY_LIVENESS.name(), List.of("presence topology (global store)")),
      Map.entry(Topics.USERS.name(), List.of("notification topology", "gateway credential watch")),
      // the routing topology copies inbox records without decoding them
      Map.entry(Topics.INBOX.name(), List.of("notification topology", "chat projector", "gateway inbox reader")),
      // read only by gateways in routed mode; the platform's gateway reads all of inbox
      Map.entry(Topics.INBOX_ROUTES.name(), List.of()),
      Map.entry(Topics.DELIVERY_STATE.name(), List.of("chat projector", "gateway receipt reader")),
      Map.entry(Topics.PRESENCE_STATE.name(), List.of("notification topology", "gateway presence reader", "routing topology")),
      Map.entry(Topics.NOTIFICATION_REQUESTS.name(), List.of("notifier")));

  /** Every consumer, so the routing topology too (off by default). */
  @RegisterExtension
  static final SharedPlatform shared = new SharedPlatform(() -> Map.of("herald.processors.routing.enabled", true));

  @Test
  void everyConsumerOfEveryTopicDeadLettersPoisonWithTheReasonAndCarriesOn() throws Exception {
    KafkaProbe kafka = KafkaProbe.infra();
    assertThat(Topics.ALL).extracting(TopicSpec::name).allSatisfy(topic -> assertThat(CONSUMERS)
        .as("who reads %s (and must dead-letter its poison)? add it to CONSUMERS", topic).containsKey(topic));

    String shop = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    String merchant = shared.api().signUp("merchant", List.of(shop));
    String customer = shared.api().signUp("customer", List.of());
    String userId = shared.api().userId(customer);
    String friendToken = shared.api().signUp("customer", List.of());

    try (SseRecorder dashboard = new SseRecorder(shared.api().stream(shop, merchant, null)).awaitConnected();
         ChatSocket socket = ChatSocket.open(shared.platform().settings().gatewayPort(), customer, "phone", null)) {
      Map<String, Map<Integer, Long>> before = new LinkedHashMap<>();
      Map<String, String> keys = new LinkedHashMap<>();
      for (TopicSpec<String, ?> topic : Topics.ALL) {
        before.put(topic.name(), kafka.endOffsets(topic.dlq()));
        boolean shopKeyed = topic == Topics.CHECKOUTS || topic == Topics.SHOP_MESSAGES || topic == Topics.SHOP_STATS;
        keys.put(topic.name(), shopKeyed ? shop : userId);
      }
      Map<String, List<byte[]>> poisons = new LinkedHashMap<>();
      for (TopicSpec<String, ?> topic : Topics.ALL) {
        List<byte[]> sent = List.of(garbage(topic.name()), truncatedAvro(topic));
        poisons.put(topic.name(), sent);
        for (byte[] poison : sent) {
          kafka.sendRaw(topic.name(), keys.get(topic.name()).getBytes(StandardCharsets.UTF_8), poison);
        }
      }

      for (TopicSpec<String, ?> topic : Topics.ALL) {
        String name = topic.name();
        int expected = poisons.get(name).size() * CONSUMERS.get(name).size();
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        await().atMost(WAIT).ignoreExceptions().alias("dead letters of " + name + " from " + CONSUMERS.get(name)).until(() -> {
          letters.clear();
          letters.addAll(kafka.readAfter(topic.dlq(), before.get(name), expected, Duration.ofSeconds(2)).stream()
              .filter(r -> poisons.get(name).stream().anyMatch(p -> Arrays.equals(p, r.value()))).toList());
          return letters.size() >= expected;
        });
        assertThat(letters).as("one dead letter per consumer and poison record of %s", name).hasSize(expected);
        assertThat(letters).allSatisfy(r -> {
          assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(keys.get(name));
          assertThat(header(r, DeadLetters.H_TOPIC)).isEqualTo(name);
          assertThat(header(r, DeadLetters.H_MESSAGE)).as("the reason").isNotBlank();
          assertThat(header(r, DeadLetters.H_EXCEPTION)).isNotBlank();
        });
      }

      // processing continues: a checkout reaches the dashboard with its figures, a message the socket
      assertThat(shared.api().ingest.post().uri("/v1/shops/{shop}/checkouts", shop).contentType(MediaType.APPLICATION_JSON)
          .headers(h -> h.setBearerAuth(friendToken)).bodyValue(Api.checkout("after-poison"))
          .exchangeToMono(r -> r.toEntity(Api.JSON)).block(WAIT).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      assertThat(dashboard.next(SseRecorder.checkouts(), WAIT).data()).contains("after-poison");
      assertThat(dashboard.next(e -> "stats".equals(e.event()), WAIT).data()).contains("\"orders\":1");

      String conversation = shared.api().directConversation(friendToken, userId);
      shared.api().awaitConversation(friendToken, conversation);
      shared.api().ingest.post().uri("/v1/conversations/{c}/messages", conversation).contentType(MediaType.APPLICATION_JSON)
          .headers(h -> h.setBearerAuth(friendToken)).bodyValue(Map.of("clientMsgId", "m1", "body", "after poison"))
          .retrieve().toBodilessEntity().block(WAIT);
      assertThat(socket.messages(conversation, 1).get(0).get("body").asString()).isEqualTo("after poison");
      // and the read model (projector) has it
      await().atMost(WAIT).until(() -> shared.api().gateway.get().uri("/v1/conversations/{c}/messages", conversation)
          .headers(h -> h.setBearerAuth(customer)).retrieve().bodyToMono(String.class).block(WAIT),
          body -> body != null && body.contains("after poison"));
    }
  }

  /** Frames per fuzzing socket; four sockets in parallel, paced under the 20 frames/s limit. */
  private static final int FUZZ_FRAMES = 60;
  private static final long FUZZ_SEED = Long.getLong("herald.fuzz.seed", 20261205L);

  @Test
  void fuzzedWebSocketFramesGetErrorFramesOnlyAndNobodyElsesChatIsHurt() throws Exception {
    int port = shared.platform().settings().gatewayPort();
    String alice = shared.api().signUp("customer", List.of());
    String bob = shared.api().signUp("customer", List.of());
    String bobId = shared.api().userId(bob);
    String conversation = shared.api().directConversation(alice, bobId);
    shared.api().awaitConversation(alice, conversation);
    List<String> fuzzers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fuzzers.add(shared.api().signUp("customer", List.of()));
    }

    try (ChatSocket a = ChatSocket.open(port, alice, "a-phone", null);
         ChatSocket b = ChatSocket.open(port, bob, "b-phone", null)) {
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < fuzzers.size(); i++) {
        String token = fuzzers.get(i);
        long seed = FUZZ_SEED + i;
        Thread t = new Thread(() -> {
          try (ChatSocket f = ChatSocket.open(port, token, "fuzzer", null)) {
            fuzz(f, new Random(seed), conversation);
          } catch (Throwable e) {
            failures.add(new AssertionError("fuzzing socket with seed " + seed + " (-Dherald.fuzz.seed=" + FUZZ_SEED + ")", e));
          }
        });
        threads.add(t);
        t.start();
      }
      // meanwhile, and after, the bystanders chat as usual
      a.sendMessage("m1", conversation, "during-fuzz", "hello during the fuzz");
      assertThat(a.answer("m1").get("type").asString()).isEqualTo("sent");
      assertThat(b.messages(conversation, 1).get(0).get("body").asString()).isEqualTo("hello during the fuzz");
      for (Thread t : threads) {
        t.join(WAIT.toMillis() * 2);
        assertThat(t.isAlive()).as("a fuzzing socket finished").isFalse();
      }
      assertThat(failures).isEmpty();
      a.sendMessage("m2", conversation, "after-fuzz", "hello after the fuzz");
      assertThat(b.messages(conversation, 1).get(0).get("body").asString()).isEqualTo("hello after the fuzz");
    }
  }

  /** Sends {@link #FUZZ_FRAMES} hostile frames; each must get one error frame; then the socket still answers a ping. */
  private static void fuzz(ChatSocket socket, Random random, String someoneElsesConversation) throws InterruptedException {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < FUZZ_FRAMES; i++) {
      Object frame = FrameFuzz.frame(random, someoneElsesConversation);
      if (frame instanceof byte[] bytes) {
        socket.sendBinary(bytes);
        sent.add("<binary " + bytes.length + " bytes>");
      } else {
        String text = (String) frame;
        socket.sendText(text);
        sent.add(text.length() > 200 ? text.substring(0, 200) + "…" : text);
      }
      Thread.sleep(70); // pacing under the socket's rate limit (20 frames/s); nothing is asserted on time
    }
    socket.sendText("{\"type\":\"ping\",\"ref\":\"fuzz-end\"}");
    List<tools.jackson.databind.JsonNode> answers = new ArrayList<>();
    while (true) {
      tools.jackson.databind.JsonNode f = socket.next("error", "pong", "sent", "receipt", "message", "reauthed", "welcome");
      if ("pong".equals(f.get("type").asString()) && f.has("ref") && "fuzz-end".equals(f.get("ref").asString())) {
        break;
      }
      answers.add(f);
    }
    assertThat(answers).as("answers to %s", sent).allSatisfy(f -> {
      assertThat(f.get("type").asString()).isIn("error", "pong");
      if ("error".equals(f.get("type").asString())) {
        assertThat(f.get("code").asString()).isNotEqualTo("internal");
      }
    });
    assertThat(answers).as("one answer per hostile frame: %s", sent).hasSize(sent.size());
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Bytes that are not Avro single-object encoding at all. */
  private static byte[] garbage(String topic) {
    byte[] b = new byte[48];
    new Random(topic.hashCode()).nextBytes(b);
    b[0] = 'x';
    return b;
  }

  /** The right marker and the current schema's fingerprint, then a body that does not decode. */
  private static byte[] truncatedAvro(TopicSpec<String, ?> topic) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(SpecificData.get().getSchema(topic.valueType()));
    return ByteBuffer.allocate(2 + 8 + 5).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint)
        .put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})
        .array();
  }
}
