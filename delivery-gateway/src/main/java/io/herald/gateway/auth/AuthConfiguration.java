package io.herald.gateway.auth;

import io.herald.auth.TokenVerifier;
import io.herald.gateway.chat.TopicTail;
import io.herald.gateway.shopfeed.DeadLetterPublisher;
import io.herald.gateway.shopfeed.FeedProperties;
import io.herald.gateway.shopfeed.KafkaClients;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.time.Duration;
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

  /** The one reader of {@code users} that ends streams whose account was deleted, session revoked or shop lost. */
  @Bean
  CredentialWatch credentialWatch(KafkaClients clients, FeedProperties feed, AuthProperties auth, MeterRegistry meters) {
    DeadLetterPublisher deadLetters = new DeadLetterPublisher(() -> clients.producer("herald-gateway-users-dlq"), meters);
    // a token valid now was issued at most one lifetime (plus skew both ways) ago: older changes concern none
    Duration lookBack = auth.maxTokenLifetime().plus(TokenVerifier.CLOCK_SKEW.multipliedBy(2));
    CredentialWatch watch = new CredentialWatch(handler -> TopicTail.recent(Topics.USERS.name(), clients, handler,
        lookBack, feed.pollTimeout(), feed.readyTimeout()), deadLetters, Clock.systemUTC());
    Gauge.builder("herald.gateway.auth.watched", watch, CredentialWatch::watched)
        .description("connections watched for credential expiry and revocation").register(meters);
    return watch;
  }

  @Bean
  ShopAccess shopAccess(RequestAuthenticator authenticator) {
    return new ShopAccess(authenticator);
  }
}
