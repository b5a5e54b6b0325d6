package io.herald.ingest.accounts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password rules and Argon2id cost ({@code herald.ingest.passwords.*}). Defaults follow OWASP's
 * Argon2id minimum (19 MiB, 2 iterations, 1 lane).
 *
 * @param hashingThreads threads hashing at once (0 = one per CPU); each holds {@code memoryKib}
 * @param hashingQueue hashes waiting for a thread; beyond it requests get 503
 */
@ConfigurationProperties("herald.ingest.passwords")
public record PasswordSettings(
    @DefaultValue("10") int minLength,
    @DefaultValue("128") int maxLength,
    @DefaultValue("19456") int memoryKib,
    @DefaultValue("2") int iterations,
    @DefaultValue("1") int parallelism,
    @DefaultValue("0") int hashingThreads,
    @DefaultValue("256") int hashingQueue) {}
