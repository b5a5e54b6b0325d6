package io.herald.gateway.auth;

import io.micrometer.observation.ObservationPredicate;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The gateway's long-lived requests (a shop's SSE stream, the chat WebSocket) are not observed as
 * {@code http.server.requests}: their duration is the connection's life (hours), which says nothing
 * of request latency and skews the histogram, and the observation (its context, key values, long
 * task sample and, with tracing on, a span open for hours) stayed in memory for as long as the
 * connection. Streams and sockets have their own meters ({@code herald.gateway.streams.*},
 * {@code herald.gateway.chat.*}); see docs/architecture.md, "Memory per connection".
 */
@Configuration(proxyBeanMethods = false)
class LongLivedRequests {

  private static final Set<PathPattern> ROUTES = Set.of( // GatewaySecurity's two routes a browser opens with a ticket
      PathPatternParser.defaultInstance.parse(GatewaySecurity.SHOP_STREAM),
      PathPatternParser.defaultInstance.parse(GatewaySecurity.CHAT_SOCKET));

  @Bean
  ObservationPredicate heraldLongLivedRequestsNotObserved() {
    return (name, context) -> !(context instanceof ServerRequestObservationContext request
        && request.getCarrier() != null && longLived(request.getCarrier()));
  }

  static boolean longLived(ServerHttpRequest request) {
    if (request.getMethod() != HttpMethod.GET) {
      return false;
    }
    PathContainer path = request.getPath().pathWithinApplication();
    return ROUTES.stream().anyMatch(p -> p.matches(path));
  }
}
