package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.standalone.OtlpReceiver.ReceivedSpan;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * One trace per event, with tracing on and the real OTLP exporter of every service sending to a
 * local receiver: a checkout's trace runs from the ingest API's request through the shop-stats
 * topology to the gateway's delivery of the figures on the SSE stream, and a chat message's from
 * the WebSocket {@code send} frame (or the HTTP POST) through the conversation topology to the
 * recipient's delivery. Each hop's log line carries the trace id.
 */
@WithHeraldInfra
@ExtendWith(OutputCaptureExtension.class)
class TracingEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String INGEST = "herald-ingest";
  private static final String PROCESSORS = "herald-processors";
  private static final String GATEWAY = "delivery-gateway";

  @RegisterExtension
  @Order(1)
  static final OtlpReceiver otlp = new OtlpReceiver();
  @RegisterExtension
  @Order(2)
  static final SharedPlatform shared = new SharedPlatform(() -> Map.of(
      "herald.tracing.enabled", "true",
      "management.tracing.sampling.probability", "1.0",
      "management.opentelemetry.tracing.export.otlp.endpoint", otlp.url(),
      "management.opentelemetry.tracing.export.schedule-delay", "100ms",
      "logging.level.io.herald.kafka.tracing", "DEBUG")); // a line per injection and continuation, to find the ids in

  @Test
  void aCheckoutIsOneTraceFromThePostToTheDashboardsFigures(CapturedOutput logs) throws Exception {
    String shop = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    String merchant = shared.api().signUp("merchant", List.of(shop));
    String customer = shared.api().signUp("customer", List.of());
    try (SseRecorder live = new SseRecorder(shared.api().stream(shop, merchant, null)).awaitConnected()) {
      var posted = shared.api().ingest.post().uri("/v1/shops/{shop}/checkouts", shop).contentType(MediaType.APPLICATION_JSON)
          .headers(h -> h.setBearerAuth(customer)).bodyValue(Api.checkout("traced-1"))
          .exchangeToMono(r -> r.toEntity(Api.JSON)).block(WAIT);
      assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      assertThat(live.next(SseRecorder.checkouts(), WAIT).data()).contains("traced-1");
      assertThat(live.next(e -> "stats".equals(e.event()), WAIT).data()).contains("\"orders\":1");
    }

    // the figures' trace: ingest (HTTP) -> shop-stats (processor) -> deliver (gateway), one trace id
    List<ReceivedSpan> trace = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> traceOf(PROCESSORS, "shop-stats").filter(t -> chained(t, "shop-stats")).orElse(null), t -> t != null);
    ReceivedSpan processor = only(trace, PROCESSORS, "shop-stats");
    Set<String> ingestSpans = ids(trace, INGEST);
    assertThat(ingestSpans).as("the POST's spans").isNotEmpty();
    assertThat(processor.parentSpanId()).as("the processor's span is the POST's child").isIn(ingestSpans);
    assertThat(trace).as("the figures delivered by the gateway, child of the processor's span")
        .anyMatch(s -> s.service().equals(GATEWAY) && s.name().equals("deliver") && s.parentSpanId().equals(processor.spanId()));
    assertThat(trace).as("the checkout itself delivered by the gateway, child of the POST's span")
        .anyMatch(s -> s.service().equals(GATEWAY) && s.name().equals("deliver") && ingestSpans.contains(s.parentSpanId()));
    assertThat(otlp.dropped()).isZero();
    assertLogged(logs, processor.traceId(), "trace context written into a record", "trace continued by shop-stats",
        "trace continued by deliver");
  }

  @Test
  void aChatMessageIsOneTraceFromTheSendFrameToTheRecipientsDelivery(CapturedOutput logs) {
    String a = shared.api().signUp("customer", List.of());
    String b = shared.api().signUp("customer", List.of());
    String conversation = shared.api().directConversation(a, shared.api().userId(b));
    shared.api().awaitConversation(a, conversation);
    int gateway = shared.platform().settings().gatewayPort();
    try (ChatSocket wa = ChatSocket.open(gateway, a, "a-phone", null);
         ChatSocket wb = ChatSocket.open(gateway, b, "b-phone", null)) {
      wa.sendMessage("r1", conversation, "traced-m1", "hello, traced");
      JsonNode sent = wa.next("sent");
      assertThat(sent.get("ref").asString()).isEqualTo("r1");
      assertThat(wb.messages(conversation, 1).get(0).get("body").asString()).isEqualTo("hello, traced");

      // and the reply over HTTP: its trace starts at the POST
      var reply = shared.api().ingest.post().uri("/v1/conversations/{c}/messages", conversation)
          .contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(b))
          .bodyValue(Map.of("clientMsgId", "traced-m2", "body", "reply over HTTP"))
          .exchangeToMono(r -> r.toEntity(Api.JSON)).block(WAIT);
      assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      assertThat(wa.messages(conversation, 2)).extracting(m -> m.get("body").asString()).contains("reply over HTTP");
    }

    // chat send (gateway, the root) -> conversation-events (processor) -> deliver (gateway)
    List<ReceivedSpan> trace = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> traceOf(GATEWAY, "chat send").filter(t -> chained(t, "conversation-events")).orElse(null),
            t -> t != null);
    ReceivedSpan send = only(trace, GATEWAY, "chat send");
    ReceivedSpan processor = only(trace, PROCESSORS, "conversation-events");
    assertThat(send.parentSpanId()).as("the trace starts at the frame").isEmpty();
    assertThat(processor.parentSpanId()).as("the processor's span is the send's child").isEqualTo(send.spanId());
    assertThat(trace.stream().filter(s -> s.service().equals(GATEWAY) && s.name().equals("deliver")
        && s.parentSpanId().equals(processor.spanId())))
        .as("the deliveries (recipient's and sender's devices) read by the gateway, children of the processor's span")
        .hasSizeGreaterThanOrEqualTo(2);
    assertLogged(logs, send.traceId(), "trace context written into a record", "trace continued by conversation-events",
        "trace continued by deliver");

    // POST .../messages (ingest) -> conversation-events (processor) -> deliver (gateway)
    List<ReceivedSpan> httpTrace = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> traceOf(INGEST, s -> s.name().contains("messages")).filter(t -> chained(t, "conversation-events"))
            .orElse(null), t -> t != null);
    ReceivedSpan httpProcessor = only(httpTrace, PROCESSORS, "conversation-events");
    assertThat(httpProcessor.parentSpanId()).as("the processor's span is the POST's child").isIn(ids(httpTrace, INGEST));
  }

  /** Each hop's log line carries the trace id (Boot's correlation pattern, from the MDC). */
  private static void assertLogged(CapturedOutput logs, String traceId, String... messages) {
    List<String> lines = logs.getAll().lines().filter(l -> l.contains(traceId)).toList();
    for (String message : messages) {
      assertThat(lines).as("a log line with trace id %s: %s", traceId, message).anyMatch(l -> l.contains(message));
    }
  }

  /** The latest trace with a span {@code name} of {@code service}, as all spans received for its trace id. */
  private static Optional<List<ReceivedSpan>> traceOf(String service, String name) {
    return traceOf(service, s -> s.name().equals(name));
  }

  private static Optional<List<ReceivedSpan>> traceOf(String service, Predicate<ReceivedSpan> span) {
    List<ReceivedSpan> all = otlp.spans();
    return all.stream().filter(s -> s.service().equals(service) && span.test(s)).reduce((x, y) -> y)
        .map(s -> all.stream().filter(o -> o.traceId().equals(s.traceId())).toList());
  }

  /** The trace holds a gateway "deliver" child of its span {@code processorSpan}: the last hop has arrived. */
  private static boolean chained(List<ReceivedSpan> trace, String processorSpan) {
    Set<String> processors = trace.stream().filter(s -> s.name().equals(processorSpan)).map(ReceivedSpan::spanId)
        .collect(Collectors.toSet());
    return trace.stream().anyMatch(s -> s.service().equals(GATEWAY) && s.name().equals("deliver")
        && processors.contains(s.parentSpanId()));
  }

  private static ReceivedSpan only(List<ReceivedSpan> trace, String service, String name) {
    List<ReceivedSpan> found = trace.stream().filter(s -> s.service().equals(service) && s.name().equals(name)).toList();
    assertThat(found).as("%s spans '%s' in the trace", service, name).hasSize(1);
    return found.get(0);
  }

  private static Set<String> ids(List<ReceivedSpan> trace, String service) {
    return trace.stream().filter(s -> s.service().equals(service)).map(ReceivedSpan::spanId).collect(Collectors.toSet());
  }
}
