package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.http.MediaType;

/**
 * The dashboard and chat pages in a real headless Chromium, on the whole platform (one start for
 * every check here): what a person sees after signing in, fed by the real HTTP → Kafka → Streams →
 * gateway path. The pages find the ingest API from the gateway's configuration (the platform runs on
 * free ports, never the default ones), and run under their CSP: any script error or CSP refusal the
 * browser logs fails the test. Screenshots of each page go to {@code target/pages/} (the ones in
 * docs/ were copied from there once).
 */
@WithHeraldInfra
class BrowserPagesEndToEndTest {

  private static final Duration RESTART_WAIT = Duration.ofSeconds(90);
  private static final Path SCREENSHOTS = Path.of("target", "pages");
  private static HeraldPlatform platform;
  private static Api api;
  private static int restartPort;

  @BeforeAll
  static void start() throws Exception {
    restartPort = Platform.freePort(); // a gateway of its own, in its own process, for the restart check
    StandaloneSettings settings = Platform.settings();
    // the pages of both gateways call the ingest API
    platform = Platform.start(settings, Map.of("herald.ingest.cors.allowed-origins",
        settings.url(settings.gatewayPort()) + "," + settings.url(restartPort)));
    api = new Api(platform);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static String gatewayUrl() {
    StandaloneSettings s = platform.settings();
    return s.url(s.gatewayPort());
  }

  @Test
  void aCheckoutPostedOverHttpAppearsOnTheDashboardAndInTheChart() {
    String shop = "tea-" + UUID.randomUUID().toString().substring(0, 6);
    Api.Account merchant = api.account("merchant", List.of(shop));
    String customer = api.signUp("customer", List.of());
    try (Browser page = Browser.open()) {
      page.get(gatewayUrl() + "/dashboard");
      page.untilText("#api", "ingest API: " + platform.settings().url(platform.settings().ingestPort())); // its real port
      page.signIn(merchant).untilConnection("live", Browser.WAIT);
      assertThat(page.text("#shop")).isEqualTo(shop);

      checkout(shop, customer, "c-browser-1", 3, 450);
      WebElement row = page.untilText("#checkouts li.checkout", "c-browser-1");
      assertThat(row.getText()).as("items and total, currency-formatted").contains("3 × Green tea", "€13.50");
      page.until("the chart's current minute to count the order", d ->
          d.findElements(By.cssSelector("#chart rect.bar[data-orders='1']")).size() == 1);
      assertThat(page.text("#period-orders")).isEqualTo("1");
      assertThat(page.text("#period-revenue")).isEqualTo("€13.50");
      page.untilText("#top-items", "Green tea");

      checkout(shop, customer, "c-browser-2", 1, 450);
      page.until("two orders in the chart", d -> "2".equals(d.findElement(By.id("period-orders")).getText()));
      assertThat(page.texts("#checkouts li.checkout", "data-checkout-id")).as("newest first")
          .containsExactly("c-browser-2", "c-browser-1");

      api.ingest.post().uri("/v1/shops/{shop}/messages", shop).contentType(MediaType.APPLICATION_JSON)
          .headers(h -> h.setBearerAuth(customer)).bodyValue(Map.of("kind", "note", "body", "<b>gift-wrap</b> please"))
          .retrieve().toBodilessEntity().block(Browser.WAIT);
      assertThat(page.untilText("#shop-messages li", "gift-wrap").getText()).as("shown as text, never as HTML")
          .contains("<b>gift-wrap</b> please");
      page.screenshot(SCREENSHOTS.resolve("dashboard.png"));
      assertThat(page.severeLogs()).as("script errors or CSP refusals").isEmpty();
    }
  }

  @Test
  void twoChatPagesExchangeAMessageAndSeeTheReadTickAndEachOthersPresence() {
    Api.Account ann = api.account("customer", List.of());
    Api.Account bob = api.account("customer", List.of());
    try (Browser annPage = Browser.open(); Browser bobPage = Browser.open()) {
      annPage.get(gatewayUrl() + "/chat").signIn(ann).untilConnection("live", Browser.WAIT);
      bobPage.get(gatewayUrl() + "/chat").signIn(bob).untilConnection("live", Browser.WAIT);

      // Ann starts a direct conversation with Bob by his id, and writes
      annPage.type("direct-user", bob.userId()).click("#new-direct button");
      annPage.type("body", "hello Bob").click("#send-button");

      // Bob's list learns the conversation, with the message and one unread
      bobPage.untilText("#conversations li", "hello Bob");
      bobPage.untilText("#conversations li .unread", "1");
      bobPage.click("#conversations li");
      bobPage.untilText("#messages .msg", "hello Bob");

      // Ann's tick turns to read; both see the other online
      annPage.until("Ann's message read by Bob", d ->
          d.findElements(By.cssSelector("#messages .msg.mine .tick[data-tick='read']")).size() == 1);
      annPage.until("Bob online in Ann's list", d -> d.findElements(
          By.cssSelector("#conversations .presence[data-user='" + bob.userId() + "'][data-status='online']")).size() == 1);
      bobPage.until("Ann online in Bob's list", d -> d.findElements(
          By.cssSelector("#conversations .presence[data-user='" + ann.userId() + "'][data-status='online']")).size() == 1);

      // Bob answers; Ann's page shows it in the open conversation
      bobPage.type("body", "hi Ann").click("#send-button");
      annPage.untilText("#messages .msg:not(.mine)", "hi Ann");
      annPage.screenshot(SCREENSHOTS.resolve("chat.png"));

      // Bob leaves: Ann sees him go offline with a last-seen time
      bobPage.close();
      annPage.until("Bob offline, last seen", d -> d.findElements(
          By.cssSelector("#conversations .presence[data-user='" + bob.userId() + "'][data-status='offline']")).size() == 1);
      assertThat(annPage.text("#conversation-header")).contains("last seen");
      assertThat(annPage.severeLogs()).as("script errors or CSP refusals").isEmpty();
    }
  }

  @Test
  void theChatPageScrollsBackThroughHistoryAndCreatesGroups() {
    Api.Account ann = api.account("customer", List.of());
    Api.Account bob = api.account("customer", List.of());
    String conversation = api.directConversation(ann.token(), bob.userId());
    api.awaitConversation(ann.token(), conversation);
    for (int i = 1; i <= 35; i++) { // more than one page of history (30)
      sendOverHttp(ann, conversation, "h" + i, "history " + i);
    }
    try (Browser page = Browser.open()) {
      page.get(gatewayUrl() + "/chat").signIn(bob).untilConnection("live", Browser.WAIT);
      page.untilText("#conversations li .unread", "35");
      page.click("#conversations li[data-conversation-id='" + conversation + "']");
      page.until("the newest page of history", d -> page.texts("#messages .msg .body", null).size() == 30);
      assertThat(page.texts("#messages .msg .body", null)).first().isEqualTo("history 6");
      page.click("#older");
      page.until("the older page above it", d -> page.texts("#messages .msg .body", null).size() == 35);
      assertThat(page.texts("#messages .msg .body", null)).as("oldest first, each once")
          .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 35).mapToObj(i -> "history " + i).toList());
      assertThat(page.texts("#older", null)).as("no older page left").isEmpty();
      assertThat(page.texts("#conversations li[data-conversation-id='" + conversation + "'] .unread", null))
          .as("read: no unread badge").isEmpty();

      // a group, from the page: name and member ids
      page.type("group-name", "Tea club").type("group-members", ann.userId()).click("#new-group button");
      page.untilText("#conversation-header .name", "Tea club");
      page.type("body", "first in the group").click("#send-button");
      page.until("the group message sent", d -> !page.texts("#messages .msg.mine .tick", "data-tick").isEmpty()
          && !page.texts("#messages .msg.mine .tick", "data-tick").contains("pending"));
      page.untilText("#conversations li", "Tea club");
      assertThat(page.severeLogs()).as("script errors or CSP refusals").isEmpty();
    }
  }

  @Test
  void bothPagesSurviveAGatewayKillAndShowWhatTheyMissed() throws Exception {
    String shop = "kill-" + UUID.randomUUID().toString().substring(0, 6);
    Api.Account merchant = api.account("merchant", List.of(shop));
    String customer = api.signUp("customer", List.of());
    Api.Account ann = api.account("customer", List.of());
    Api.Account bob = api.account("customer", List.of());
    String conversation = api.directConversation(ann.token(), bob.userId());
    api.awaitConversation(ann.token(), conversation);
    String base = "http://127.0.0.1:" + restartPort;
    try (Browser dashboard = Browser.open(); Browser chat = Browser.open()) {
      try (KillableProcess gateway = gateway()) {
        dashboard.get(base + "/dashboard").signIn(merchant).untilConnection("live", Browser.WAIT);
        chat.get(base + "/chat").signIn(bob).untilConnection("live", Browser.WAIT);
        checkout(shop, customer, "before", 1, 450);
        dashboard.untilText("#checkouts li.checkout", "before");
        sendOverHttp(ann, conversation, "m0", "before the crash");
        chat.click("#conversations li[data-conversation-id='" + conversation + "']");
        chat.untilText("#messages .msg", "before the crash");
        gateway.kill();
        dashboard.until("the dashboard to notice", d -> !"live".equals(dashboard.connection()));
        chat.until("the chat page to notice", d -> !"live".equals(chat.connection()));
      }
      for (String id : List.of("away-1", "away-2", "away-3")) {
        checkout(shop, customer, id, 1, 450);
      }
      sendOverHttp(ann, conversation, "m1", "while you were away 1");
      sendOverHttp(ann, conversation, "m2", "while you were away 2");
      try (KillableProcess gateway = gateway()) {
        dashboard.untilText("#notice", "reconnected, 3 missed events replayed", RESTART_WAIT);
        dashboard.untilConnection("live", Browser.WAIT);
        checkout(shop, customer, "after", 1, 450);
        dashboard.untilText("#checkouts li.checkout", "after");
        assertThat(dashboard.texts("#checkouts li.checkout", "data-checkout-id")).as("everything once, newest first").containsExactly("after", "away-3", "away-2", "away-1", "before");
        assertThat(dashboard.text("#notice")).isEqualTo("reconnected, 3 missed events replayed");

        chat.untilText("#notice", "reconnected, 2 missed messages caught up", RESTART_WAIT);
        sendOverHttp(ann, conversation, "m3", "and live again");
        chat.untilText("#messages .msg", "and live again");
        assertThat(chat.texts("#messages .msg .body", null)).as("in order, each once").containsExactly("before the crash", "while you were away 1",
                "while you were away 2", "and live again");
        for (Browser page : List.of(dashboard, chat)) {
          assertThat(page.severeLogs()).as("script errors or CSP refusals (the failed reconnects are network errors)")
              .allMatch(m -> m.contains("net::ERR_"));
        }
      }
    }
  }

  private static void sendOverHttp(Api.Account from, String conversation, String clientMsgId, String body) {
    api.ingest.post().uri("/v1/conversations/{c}/messages", conversation).contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(from.token())).bodyValue(Map.of("clientMsgId", clientMsgId, "body", body))
        .retrieve().toBodilessEntity().block(Browser.WAIT);
  }

  private static KillableProcess gateway() throws Exception {
    StandaloneSettings st = platform.settings();
    return KillableProcess.gateway(restartPort, List.of(
        "--spring.kafka.bootstrap-servers=" + platform.bootstrapServers(),
        "--herald.topics.create=false",
        "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
        "--herald.gateway.auth.jwks-uri=" + st.url(st.ingestPort()) + "/.well-known/jwks.json",
        "--herald.gateway.pages.ingest-url=" + st.url(st.ingestPort())));
  }

  private static void checkout(String shop, String token, String checkoutId, int quantity, long unitPriceMinor) {
    Map<String, Object> body = Map.of("checkoutId", checkoutId, "currency", "EUR", "totalMinor", quantity * unitPriceMinor,
        "items", List.of(Map.of("sku", "tea-1", "name", "Green tea", "quantity", quantity, "unitPriceMinor", unitPriceMinor)));
    api.ingest.post().uri("/v1/shops/{shop}/checkouts", shop).contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(token)).bodyValue(body).retrieve().toBodilessEntity().block(Browser.WAIT);
  }
}
