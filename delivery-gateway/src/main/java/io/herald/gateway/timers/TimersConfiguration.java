package io.herald.gateway.timers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TimersConfiguration {

  @Bean(destroyMethod = "close")
  ConnectionTimers connectionTimers() {
    return ConnectionTimers.start(ConnectionTimers.DEFAULT_TICK);
  }
}
