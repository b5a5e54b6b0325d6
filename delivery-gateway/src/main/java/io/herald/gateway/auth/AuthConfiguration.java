package io.herald.gateway.auth;

import io.herald.gateway.kafka.GatewayDeadLetters;
import io.herald.auth.FirebaseSignIn;
import io.herald.auth.FirebaseSignInSettings;
import io.herald.auth.TokenVerifier;
import io.herald.auth.web.HeraldAuthenticationManager;
import io.herald.gateway.kafka.TopicTail;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.kafka.KafkaClients;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FirebaseSignInSettings.class)
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

  /**
   * Verifies an access token or ticket (and a Firebase ID token where a project is configured):
   * the security chain's and a chat socket's {@code reauth}.
   */
  @Bean
  HeraldAuthenticationManager heraldAuthenticationManager(TokenVerifier verifier, ObjectProvider<FirebaseSignIn> firebase) {
    return new HeraldAuthenticationManager(verifier, Optional.ofNullable(firebase.getIfAvailable()), Mono::just);
  }

  /** Firebase sign-in: the gateway derives the Herald user id from the token, so it needs no look-up. */
  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("!'${herald.auth.firebase.project-id:}'.isBlank()")
  FirebaseSignIn firebaseSignIn(FirebaseSignInSettings settings) {
    return FirebaseSignIn.from(settings, user -> Mono.empty()).orElseThrow();
  }

  /** The one reader of {@code users} that ends streams whose account was deleted, session revoked or shop lost. */
  @Bean
  CredentialWatch credentialWatch(KafkaClients clients, FeedProperties feed, AuthProperties auth, MeterRegistry meters,
                                  ConnectionTimers timers) {
    DeadLetterPublisher deadLetters = GatewayDeadLetters.publisher(clients, "herald-gateway-users-dlq", meters);
    // a token valid now was issued at most one lifetime (plus skew both ways) ago: older changes concern none
    Duration lookBack = auth.maxTokenLifetime().plus(TokenVerifier.CLOCK_SKEW.multipliedBy(2));
    CredentialWatch watch = new CredentialWatch(handler -> TopicTail.of(clients, Topics.USERS.name(), handler)
        .recent(lookBack).pollTimeout(feed.pollTimeout()).metadataTimeout(feed.readyTimeout()).build(),
        deadLetters, Clock.systemUTC(), timers);
    Gauge.builder("herald.gateway.auth.watched", watch, CredentialWatch::watched)
        .description("connections watched for credential expiry and revocation").register(meters);
    return watch;
  }
}
