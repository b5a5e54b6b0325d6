package io.herald.gateway.sse;

import io.herald.gateway.auth.CredentialWatch;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.shopfeed.ShopFeedHub;
import io.herald.gateway.shopfeed.ShopReplayer;
import io.herald.gateway.timers.ConnectionTimers;
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
                                      FeedProperties feed, StreamMetrics metrics, ConnectionTimers timers) {
    return new ShopStreamService(hub, replayer, props, feed, metrics, Clock.systemUTC(), timers);
  }

  @Bean
  RouterFunction<ServerResponse> shopStreamRoutes(ShopStreamService streams, StreamProperties props,
                                                  CredentialWatch credentials) {
    return RouterFunctions.route()
        .GET("/v1/shops/{shopId}/stream", new ShopStreamHandler(streams, props, credentials)) // renders its problems
        .build();
  }
}
