package io.herald.ingest.devices;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.ingest.web.RateLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The caller's devices and notification settings (signed in), and the digest's unsubscribe link (signed link, rate-limited per address). */
@Configuration(proxyBeanMethods = false)
class DeviceRoutes {

  @Bean
  DeviceStore deviceStore(MongoDatabase database) {
    return new DeviceStore(database.getCollection(DeviceStore.COLLECTION));
  }

  @Bean
  RouterFunction<ServerResponse> ownDeviceRoutes(DeviceHandler handler, RateLimits limits) {
    return RouterFunctions.route()
        .GET("/v1/users/me/devices", handler::list)
        .POST("/v1/users/me/devices", handler::register)
        .DELETE("/v1/users/me/devices/{token}", handler::remove)
        .GET("/v1/users/me/notification-settings", handler::settings)
        .PUT("/v1/users/me/notification-settings", handler::replaceSettings)
        .filter(limits.perUser())
        .build();
  }

  @Bean
  RouterFunction<ServerResponse> unsubscribeRoutes(DeviceHandler handler, RateLimits limits) {
    return RouterFunctions.route()
        .GET("/v1/notifications/unsubscribe", handler::unsubscribePage)
        .POST("/v1/notifications/unsubscribe", handler::unsubscribe)
        .filter(limits.perAddress())
        .build();
  }
}
