package io.herald.ingest.outbox;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link OutboxRelay#sweep()} at start-up and then every {@code sweep-interval}: entries a
 * crash or a broker outage left behind reach Kafka eventually. Sweeps never overlap; a tick that
 * comes while one runs is dropped. Stops (and cancels background relays) on shutdown.
 */
public class OutboxSweeper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);

  private final OutboxRelay relay;
  private final Duration interval;
  private volatile Disposable running;

  public OutboxSweeper(OutboxRelay relay, Duration interval) {
    this.relay = relay;
    this.interval = interval;
  }

  @Override
  public void start() {
    running = Flux.interval(Duration.ZERO, interval)
        .onBackpressureDrop()
        .concatMap(tick -> relay.sweep().onErrorResume(e -> {
          log.warn("outbox sweep failed: {}", e.toString());
          return Mono.empty();
        }), 1)
        .subscribe(n -> {
          if (n > 0) {
            log.info("outbox sweep relayed {} documents", n);
          }
        });
  }

  @Override
  public void stop() {
    Disposable d = running;
    running = null;
    Optional.ofNullable(d).ifPresent(Disposable::dispose);
    relay.stop();
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }
}
