package io.herald.ingest.tokens;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token issuing ({@code herald.ingest.tokens.*}).
 *
 * @param issuer the {@code iss} claim; verifiers (the gateway) must expect the same value
 * @param accessTtl lifetime of access tokens
 * @param ticketTtl lifetime of tickets (EventSource / WebSocket hand-off); short, as they travel in URLs
 * @param keyFile RSA signing key (JWK); generated on first start, shared by all ingest instances
 */
@ConfigurationProperties("herald.ingest.tokens")
public record TokenSettings(
    @DefaultValue("herald") String issuer,
    @DefaultValue("1h") Duration accessTtl,
    @DefaultValue("60s") Duration ticketTtl,
    @DefaultValue("./data/keys/signing-key.json") String keyFile) {}
