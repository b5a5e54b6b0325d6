package io.herald.gateway.pages;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the browser pages ({@code /dashboard}, {@code /chat}) are told about the platform, through
 * {@code /pages/config.json}: the pages never guess a port.
 *
 * @param ingestUrl the ingest API as a browser reaches it (sign-in, tickets, posting); the standalone
 *     launcher sets it to the port it really started the ingest API on. Its origin is also the one
 *     cross-origin address the pages' Content-Security-Policy lets them connect to.
 */
@ConfigurationProperties("herald.gateway.pages")
public record PagesProperties(@DefaultValue("http://127.0.0.1:8081") String ingestUrl) {

  public PagesProperties {
    URI uri = URI.create(ingestUrl);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("herald.gateway.pages.ingest-url must be an absolute http(s) URL: " + ingestUrl);
    }
    ingestUrl = ingestUrl.endsWith("/") ? ingestUrl.substring(0, ingestUrl.length() - 1) : ingestUrl;
  }

  /** {@code scheme://host[:port]} of the ingest API, for the CSP's {@code connect-src}. */
  String ingestOrigin() {
    URI uri = URI.create(ingestUrl);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
