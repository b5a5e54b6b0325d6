package io.herald.embedded;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives one service's Spring context its own Reactor Netty event loops and connection pools.
 * By default every context uses Reactor Netty's JVM-global resources and disposes them when it
 * closes — which, with several services in one JVM, would kill the servers of the others.
 * The standalone launcher applies it to each service; the test kit registers it for every Spring
 * context in tests ({@code META-INF/spring.factories}), where cached contexts outlive closed ones.
 */
public final class OwnNettyResources implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    if (context instanceof GenericApplicationContext generic
        && !generic.containsBeanDefinition(ReactorResourceFactory.class.getName())) { // applied once
      generic.registerBean(ReactorResourceFactory.class, () -> {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
      });
    }
  }
}
