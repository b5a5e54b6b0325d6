package io.herald.ingest.accounts;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Argon2id hashing on its own bounded-elastic scheduler: hashing is deliberately slow and
 * memory-hungry, so it never runs on an event loop, and its threads and queue are capped so a
 * burst of sign-ins cannot exhaust memory (queue full: RejectedExecutionException, answered 503).
 */
@Component
class PasswordHasher implements DisposableBean {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final Argon2PasswordEncoder encoder;
  private final Scheduler scheduler;
  /** Verified against when the e-mail is unknown, so that answer takes as long as a wrong password. */
  private final String decoy;

  PasswordHasher(PasswordSettings settings) {
    this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, settings.parallelism(), settings.memoryKib(),
        settings.iterations());
    int threads = settings.hashingThreads() > 0 ? settings.hashingThreads() : Runtime.getRuntime().availableProcessors();
    this.scheduler = Schedulers.newBoundedElastic(threads, settings.hashingQueue(), "argon2", 60, true);
    this.decoy = encoder.encode("decoy-password-never-matches");
  }

  Mono<String> hash(String raw) {
    return Mono.fromCallable(() -> encoder.encode(raw)).subscribeOn(scheduler);
  }

  /** Checks {@code raw} against {@code hash}; with no hash, spends the same time and answers false. */
  Mono<Boolean> matches(String raw, String hash) {
    return Mono.fromCallable(() -> {
      if (hash == null) {
        encoder.matches(raw, decoy);
        return false;
      }
      return encoder.matches(raw, hash);
    }).subscribeOn(scheduler);
  }

  @Override
  public void destroy() {
    scheduler.dispose();
  }
}
