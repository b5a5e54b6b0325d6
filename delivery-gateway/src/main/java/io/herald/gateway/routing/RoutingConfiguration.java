package io.herald.gateway.routing;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatRoutingProperties.class)
class RoutingConfiguration {

  /** Routed mode without presence would announce no session, and so receive no delivery: refused at start. */
  @Bean
  ChatRoute chatRoute(ChatRoutingProperties props, Environment env) {
    ChatRoute route = ChatRoute.of(props);
    if (route.routed() && !env.getProperty("herald.gateway.presence.enabled", Boolean.class, true)) {
      throw new IllegalStateException("herald.gateway.chat.routing.mode=routed needs herald.gateway.presence.enabled=true: "
          + "deliveries are routed to the slots that sessions announce on presence");
    }
    return route;
  }

  /** Routed mode only: whether the routing topology that feeds this gateway runs at all. */
  @Bean
  @ConditionalOnProperty(name = "herald.gateway.chat.routing.mode", havingValue = "routed")
  RoutingHealth chatRoutingHealthIndicator(ConsumerFactory<?, ?> bootConsumers, ChatRoutingProperties props) {
    return new RoutingHealth(bootConsumers.getConfigurationProperties(), props.group());
  }
}
