package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Four delivery gateways, each its own process in routed mode (slots 0–3), on one broker with the
 * platform's routing topology: every gateway's chat reader consumes about a quarter of the routed
 * deliveries (its metric, scraped), and every delivery reaches its user exactly once, in order —
 * also when a gateway is killed with SIGKILL and its users reconnect to others, and when a user moves
 * to another gateway on purpose (the read-model catch-up covers the gap; routing follows the new
 * session).
 *
 * <p>{@code inbox-routes} is not co-partitioned with anything (a slot picks its partition), so it may
 * have more partitions than the rest; the test JVM's topics have {@link HeraldInfra#partitions()} (3),
 * and four distinct slots need four. It is grown before the platform (and so the routing topology's
 * producer) starts.
 */
@WithHeraldInfra
class RoutedGatewaysEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int GATEWAYS = 4;
  /** Messages per conversation in the measured phase. */
  private static final int MEASURED = 10;
  private static final Pattern READER = Pattern.compile(
      "^herald_gateway_chat_reader_records_total\\{[^}]*topic=\"inbox-routes\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

  static {
    try (Admin admin = Admin.create(HeraldInfra.adminConfig())) {
      String routes = Topics.INBOX_ROUTES.name();
      int now = admin.describeTopics(List.of(routes)).allTopicNames().get().get(routes).partitions().size();
      if (now < GATEWAYS) {
        admin.createPartitions(Map.of(routes, NewPartitions.increaseTo(GATEWAYS))).all().get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot give inbox-routes a partition per gateway", e);
    }
  }

  // the routing topology is off by default (only routed gateways need it)
  @RegisterExtension
  static final SharedPlatform shared = new SharedPlatform(() -> Map.of("herald.processors.routing.enabled", true));

  /** A user, their conversation, and what their sockets received of it, in order. */
  private static final class Member {
    final String token;
    final String id;
    String conversation;
    ChatSocket socket;
    final List<Long> seqs = new ArrayList<>();

    Member(String token) {
      this.token = token;
      this.id = shared.api().userId(token);
    }

    void receive(int n) {
      socket.messages(conversation, n).forEach(m -> seqs.add(m.get("seq").asLong()));
    }

    long last() {
      return seqs.get(seqs.size() - 1);
    }

    /** Acknowledges delivery (as apps do), so a reconnect resumes after it even if its hello is late. */
    void acknowledge() {
      socket.cursor("delivered", conversation, last());
      socket.awaitCursor(conversation, id, "deliveredUpTo", last(), WAIT);
    }

    void moveTo(int port) {
      socket.close();
      ObjectNode resume = ChatSocket.JSON.createObjectNode().put(conversation, last());
      socket = ChatSocket.open(port, token, "phone", resume);
    }
  }

  @Test
  void eachGatewayReadsAQuarterAndEveryDeliveryArrivesOnceInOrderThroughAKillAndAMove() throws Exception {
    List<KillableProcess> gateways = startGateways();
    List<Member> users = new ArrayList<>();
    try {
      for (int i = 0; i < 2 * GATEWAYS; i++) {
        users.add(new Member(shared.api().signUp("customer", List.of())));
      }
      // user k on gateway k mod 4; conversations (0,1) (2,3) (4,6) (5,7): each gateway in exactly two,
      // so each holds the recipients of a quarter of all deliveries (a message goes to both members)
      int[][] pairs = {{0, 1}, {2, 3}, {4, 6}, {5, 7}};
      for (int[] p : pairs) {
        String c = shared.api().directConversation(users.get(p[0]).token, users.get(p[1]).id);
        shared.api().awaitConversation(users.get(p[0]).token, c);
        users.get(p[0]).conversation = c;
        users.get(p[1]).conversation = c;
      }
      for (int k = 0; k < users.size(); k++) {
        users.get(k).socket = ChatSocket.open(gateways.get(k % GATEWAYS).port, users.get(k).token, "phone", null);
      }

      // warm-up: one message per conversation reaches both members (live or, while the routes of a
      // fresh session are on their way, from the read model)
      send(users, pairs, 1);
      users.forEach(u -> u.receive(1));

      Map<Integer, Double> before = readerRecords(gateways);
      send(users, pairs, MEASURED);
      users.forEach(u -> u.receive(MEASURED));
      Map<Integer, Double> read = new LinkedHashMap<>();
      readerRecords(gateways).forEach((g, after) -> read.put(g, after - before.get(g)));
      double total = read.values().stream().mapToDouble(Double::doubleValue).sum();
      assertThat(total).as("every measured delivery was routed (a repeat is possible, at-least-once)")
          .isGreaterThanOrEqualTo(2.0 * pairs.length * MEASURED);
      read.forEach((g, n) -> assertThat(n / total).as("share of gateway %d's chat reader in %s", g, read)
          .isCloseTo(0.25, within(0.05)));

      // a kill and a move: gateway 3's users (3 and 7) lose it without a goodbye; user 5 leaves
      // gateway 1 for gateway 2 on purpose; messages keep coming meanwhile
      users.forEach(Member::acknowledge);
      gateways.get(3).kill();
      users.get(5).moveTo(gateways.get(2).port);
      send(users, pairs, 5);
      users.get(3).moveTo(gateways.get(0).port);
      users.get(7).moveTo(gateways.get(1).port);
      send(users, pairs, 3);

      int expected = 1 + MEASURED + 5 + 3;
      for (Member u : users) {
        u.receive(expected - u.seqs.size());
        assertThat(u.seqs).as("user %d: every message once, in order", users.indexOf(u))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        assertThat(u.socket.within("message", Duration.ofMillis(300))).as("nothing twice").isEmpty();
      }
    } finally {
      users.stream().filter(u -> u.socket != null).forEach(u -> u.socket.close());
      gateways.forEach(KillableProcess::close);
    }
  }

  /** {@code n} messages per conversation, alternating senders, one at a time (seq order = send order). */
  private static void send(List<Member> users, int[][] pairs, int n) {
    for (int i = 0; i < n; i++) {
      for (int[] p : pairs) {
        Member from = users.get(p[i % 2]);
        shared.api().ingest.post().uri("/v1/conversations/{c}/messages", from.conversation)
            .contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(from.token))
            .bodyValue(Map.of("clientMsgId", java.util.UUID.randomUUID().toString(), "body", "m"))
            .retrieve().toBodilessEntity().block(WAIT);
      }
    }
  }

  /** The gateways, started side by side (each takes seconds). */
  private static List<KillableProcess> startGateways() throws Exception {
    StandaloneSettings st = shared.platform().settings();
    ExecutorService starter = Executors.newFixedThreadPool(GATEWAYS);
    try {
      List<CompletableFuture<KillableProcess>> starting = new ArrayList<>();
      for (int slot = 0; slot < GATEWAYS; slot++) {
        int s = slot;
        starting.add(CompletableFuture.supplyAsync(() -> {
          try {
            return KillableProcess.gateway(Platform.freePort(), List.of(
                "--spring.kafka.bootstrap-servers=" + shared.platform().bootstrapServers(),
                "--herald.topics.create=false",
                "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
                "--herald.gateway.auth.jwks-uri=" + st.url(st.ingestPort()) + "/.well-known/jwks.json",
                "--herald.gateway.chat.routing.mode=routed",
                "--herald.gateway.chat.routing.slot=" + s));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, starter));
      }
      List<KillableProcess> started = new ArrayList<>();
      for (CompletableFuture<KillableProcess> f : starting) {
        started.add(f.get());
      }
      return started;
    } finally {
      starter.shutdown();
    }
  }

  /** Records each gateway's chat reader consumed from inbox-routes so far, from its Prometheus scrape. */
  private static Map<Integer, Double> readerRecords(List<KillableProcess> gateways) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (int g = 0; g < gateways.size(); g++) {
      String scrape = WebClient.create("http://127.0.0.1:" + gateways.get(g).port).get().uri("/actuator/prometheus")
          .retrieve().bodyToMono(String.class).block(WAIT);
      Matcher m = READER.matcher(scrape);
      out.put(g, m.find() ? Double.parseDouble(m.group(1)) : 0.0);
    }
    return out;
  }
}
