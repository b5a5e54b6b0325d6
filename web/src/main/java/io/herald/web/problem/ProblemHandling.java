package io.herald.web.problem;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Every failure that escapes a route is problem+json, from the service's one exception handler.
 * Imported by each WebFlux service, which provides its {@link ProblemRenderer} as a bean.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemHandling {

  @Bean
  ProblemWebExceptionHandler problemWebExceptionHandler(ServerCodecConfigurer codecs, ProblemRenderer renderer) {
    return new ProblemWebExceptionHandler(codecs, renderer);
  }

  @Bean
  WebHttpHandlerBuilderCustomizer onlyProblemWebExceptionHandler() {
    return builder -> builder.exceptionHandlers(ProblemWebExceptionHandler::keepOnlyThis);
  }
}
