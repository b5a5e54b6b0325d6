package io.herald.gateway;

import io.herald.testkit.ThreadDumpOnTimeout;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * One-shot requests whose response ends (errors, pages, metrics); never for a 200 stream. Each
 * request goes over a fresh connection (never reactor-netty's shared pool, whose kept-alive
 * connections outlive the servers of earlier test classes); a request that gets no answer fails
 * with a thread dump of this JVM (the gateway under test runs in it), so a hang can be diagnosed
 * from the test report.
 */
public final class HttpProbe {

  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private HttpProbe() {}

  public static ResponseEntity<String> get(int port, String pathAndQuery, Consumer<HttpHeaders> headers) {
    WebClient client = WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection().responseTimeout(TIMEOUT)))
        .baseUrl("http://127.0.0.1:" + port).build();
    try {
      return client.get().uri(pathAndQuery).headers(headers)
          .exchangeToMono(r -> r.toEntity(String.class))
          .block(TIMEOUT.plusSeconds(5));
    } catch (RuntimeException e) {
      throw new AssertionError("no answer to GET " + pathAndQuery + " (" + e + "); threads of this JVM:\n" + ThreadDumpOnTimeout.threadDump(), e);
    }
  }

  public static ResponseEntity<String> get(int port, String pathAndQuery) {
    return get(port, pathAndQuery, h -> { });
  }
}
