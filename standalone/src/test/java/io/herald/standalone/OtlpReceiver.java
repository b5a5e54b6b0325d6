package io.herald.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf) that decodes the real
 * exporter's requests and keeps the spans; register it before the platform so it outlives it.
 * Holds at most {@link #MAX_SPANS} spans; beyond that it answers 200 and counts the spans it dropped.
 */
final class OtlpReceiver implements BeforeAllCallback, AfterAllCallback {

  static final int MAX_SPANS = 100_000;

  /** One received span; ids in lower-case hex, parent empty for a root. */
  record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name) {}

  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final AtomicInteger dropped = new AtomicInteger();
  private HttpServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", this::export);
    server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.stop(0);
    }
  }

  /** The endpoint for {@code management.opentelemetry.tracing.export.otlp.endpoint}. */
  String url() {
    if (server == null) {
      throw new IllegalStateException("not started: register the receiver before the platform");
    }
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  int dropped() {
    return dropped.get();
  }

  private void export(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
      for (ResourceSpans rs : request.getResourceSpansList()) {
        String service = rs.getResource().getAttributesList().stream()
            .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue).map(v -> v.getStringValue())
            .findFirst().orElse("");
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
            add(new ReceivedSpan(service, hex(s.getTraceId().toByteArray()), hex(s.getSpanId().toByteArray()),
                hex(s.getParentSpanId().toByteArray()), s.getName()));
          }
        }
      }
      byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
      if (ok.length > 0) {
        exchange.getResponseBody().write(ok);
      }
    }
  }

  private synchronized void add(ReceivedSpan span) {
    if (spans.size() < MAX_SPANS) {
      spans.add(span);
    } else {
      dropped.incrementAndGet();
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
