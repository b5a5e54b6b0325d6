package io.herald.gateway.auth;

import io.herald.auth.TokenVerifier;
import io.herald.auth.web.HeraldAuthenticationManager;
import io.herald.gateway.chat.TopicTail;
import io.herald.gateway.shopfeed.DeadLetterPublisher;
import io.herald.gateway.shopfeed.FeedProperties;
import io.herald.gateway.shopfeed.KafkaClients;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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

  /** Verifies an access token or ticket: the security chain's and a chat socket's {@code reauth}. */
  @Bean
  HeraldAuthenticationManager heraldAuthenticationManager(TokenVerifier verifier) {
    return new HeraldAuthenticationManager(verifier);
  }

  /** The one reader of {@code users} that ends streams whose account was deleted or lost the shop. */
  @Bean
  CredentialWatch credentialWatch(KafkaClients clients, FeedProperties feed, MeterRegistry meters) {
    DeadLetterPublisher deadLetters = new DeadLetterPublisher(() -> clients.producer("herald-gateway-users-dlq"), meters);
    CredentialWatch watch = new CredentialWatch(handler -> new TopicTail(Topics.USERS.name(), clients, handler,
        TopicTail.Start.END, feed.pollTimeout(), feed.readyTimeout()), deadLetters, Clock.systemUTC());
    Gauge.builder("herald.gateway.auth.watched", watch, CredentialWatch::watched)
        .description("connections watched for credential expiry and revocation").register(meters);
    return watch;
  }
}
