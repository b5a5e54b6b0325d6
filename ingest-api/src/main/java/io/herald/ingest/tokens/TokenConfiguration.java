package io.herald.ingest.tokens;

import io.herald.auth.SigningKeys;
import io.herald.auth.TokenIssuer;
import io.herald.auth.TokenVerifier;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The signing key pair and what issues and verifies tokens with it. */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

  @Bean
  SigningKeys signingKeys(TokenSettings settings) {
    return SigningKeys.loadOrCreate(Path.of(settings.keyFile()));
  }

  @Bean
  TokenIssuer tokenIssuer(SigningKeys keys, TokenSettings settings, Clock clock) {
    return new TokenIssuer(keys, settings.issuer(), settings.accessTtl(), settings.ticketTtl(), clock);
  }

  @Bean
  TokenVerifier tokenVerifier(SigningKeys keys, TokenSettings settings) {
    return TokenVerifier.fromKeys(keys, settings.issuer(), settings.accessTtl());
  }
}
