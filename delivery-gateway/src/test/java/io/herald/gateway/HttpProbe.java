package io.herald.gateway;

import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

/** One-shot requests whose response ends (errors, pages, metrics); never for a 200 stream. */
public final class HttpProbe {

  private HttpProbe() {}

  public static ResponseEntity<String> get(int port, String pathAndQuery, Consumer<HttpHeaders> headers) {
    return WebClient.create("http://127.0.0.1:" + port).get().uri(pathAndQuery).headers(headers)
        .exchangeToMono(r -> r.toEntity(String.class))
        .block(Duration.ofSeconds(15));
  }

  public static ResponseEntity<String> get(int port, String pathAndQuery) {
    return get(port, pathAndQuery, h -> { });
  }
}
