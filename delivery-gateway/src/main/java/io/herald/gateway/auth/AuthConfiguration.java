package io.herald.gateway.auth;

import io.herald.auth.TokenVerifier;
import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  /** Verifies without blocking; keys are fetched from the issuer's JWKS and cached. */
  @Bean
  TokenVerifier tokenVerifier(AuthProperties props) {
    HttpClient http = HttpClient.create()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) props.jwksTimeout().toMillis())
        .responseTimeout(props.jwksTimeout());
    return TokenVerifier.fromJwks(props.jwksUri(), props.issuer(),
        WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build(), props.maxTokenLifetime());
  }

  @Bean
  RequestAuthenticator requestAuthenticator(TokenVerifier verifier) {
    return new RequestAuthenticator(verifier);
  }

  @Bean
  ShopAccess shopAccess(RequestAuthenticator authenticator) {
    return new ShopAccess(authenticator);
  }
}
