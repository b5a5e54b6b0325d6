package io.herald.gateway.auth;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the gateway gets the token issuer's public keys.
 *
 * @param jwksUri the issuer's JWKS document (the ingest API serves it)
 * @param issuer the expected {@code iss} claim
 * @param jwksTimeout how long one JWKS fetch may take before the request fails with 401
 * @param maxTokenLifetime access tokens whose {@code exp - iat} exceeds this are refused; at least
 *     the issuer's {@code herald.ingest.tokens.access-ttl}
 */
@ConfigurationProperties("herald.gateway.auth")
public record AuthProperties(
    @DefaultValue("http://127.0.0.1:8081/.well-known/jwks.json") URI jwksUri,
    @DefaultValue("herald") String issuer,
    @DefaultValue("5s") Duration jwksTimeout,
    @DefaultValue("1h") Duration maxTokenLifetime) {}
