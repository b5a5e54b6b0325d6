package io.herald.auth.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.firewall.HttpStatusExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;

/**
 * Replaces the {@link WebFilterChainProxy} that {@code @EnableWebFluxSecurity} builds by a
 * {@link LeanWebFilterChainProxy} over the same chains, firewall and rejected-request handler (the
 * context's own when it defines one; otherwise Spring Security's rejected-request handler and strict
 * firewall, the latter with its header checks answered without a regular expression for ASCII,
 * {@link HeraldFirewall}).
 */
@Configuration(proxyBeanMethods = false)
class LeanSecurityDispatch {

  @Bean
  static BeanPostProcessor heraldLeanWebFilterChainProxy(ObjectProvider<SecurityWebFilterChain> chains,
                                                         ObjectProvider<ServerWebExchangeFirewall> firewall,
                                                         ObjectProvider<ServerExchangeRejectedHandler> rejected) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof WebFilterChainProxy && !(bean instanceof LeanWebFilterChainProxy)
            ? new LeanWebFilterChainProxy(chains.orderedStream().toList(),
                firewall.getIfUnique(HeraldFirewall::create),
                rejected.getIfUnique(HttpStatusExchangeRejectedHandler::new))
            : bean;
      }
    };
  }
}
