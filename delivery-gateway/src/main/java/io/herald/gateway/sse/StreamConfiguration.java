package io.herald.gateway.sse;

import io.herald.gateway.auth.CredentialWatch;
import io.herald.gateway.problem.ProblemResponses;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.shopfeed.ShopFeedHub;
import io.herald.gateway.shopfeed.ShopReplayer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

  @Bean
  StreamMetrics streamMetrics(MeterRegistry meters) {
    return new StreamMetrics(meters);
  }

  @Bean
  ShopStreamService shopStreamService(ShopFeedHub hub, ShopReplayer replayer, StreamProperties props,
                                      FeedProperties feed, StreamMetrics metrics) {
    return new ShopStreamService(hub, replayer, props, feed, metrics, Clock.systemUTC());
  }

  @Bean
  RouterFunction<ServerResponse> shopStreamRoutes(ShopStreamService streams, StreamProperties props,
                                                  CredentialWatch credentials) {
    ShopStreamHandler handler = new ShopStreamHandler(streams, props, credentials);
    return RouterFunctions.route()
        .GET("/v1/shops/{shopId}/stream", handler::stream)
        .onError(ProblemResponses::handles, ProblemResponses::render)
        .build();
  }
}
