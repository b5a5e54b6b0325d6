package io.herald.gateway.presence;

import io.herald.chat.readmodel.ConversationReadModel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads connected users' contacts from the read model ({@code contactsOf}, itself bounded) into the
 * {@link ContactIndex}: at a user's first socket, then every {@code contacts-refresh} (±10 % so
 * users who connected together do not refresh together). At most {@value #CONCURRENT_LOADS} queries
 * run at once; the others wait in a queue holding each connected user at most once (so it is bounded
 * by the users connected here). A failed or slow load is retried after {@link #RETRY}; meanwhile
 * the user gets no presence frames (delivery-state still adds contacts).
 */
final class ContactLoader implements SmartLifecycle {

  static final int CONCURRENT_LOADS = 16;
  static final Duration RETRY = Duration.ofSeconds(10);
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(ContactLoader.class);

  private final ConversationReadModel readModel;
  private final ContactIndex index;
  private final Duration refresh;
  private final int maxContacts;
  private final Clock clock;
  private final Sinks.Many<Watcher> requests = Sinks.many().unicast().onBackpressureBuffer();
  private volatile Disposable loads;
  private volatile Disposable ticker;

  ContactLoader(ConversationReadModel readModel, ContactIndex index, Duration refresh, int maxContacts, Clock clock) {
    this.readModel = readModel;
    this.index = index;
    this.refresh = refresh;
    this.maxContacts = maxContacts;
    this.clock = clock;
  }

  /** Loads the watcher's contacts soon unless that is under way; from any thread, never blocks. */
  void request(Watcher w) {
    if (w.startLoading()) {
      synchronized (this) { // a Sinks.Many takes one producer at a time
        if (requests.tryEmitNext(w).isFailure()) {
          w.doneLoading(); // stopped
        }
      }
    }
  }

  @Override
  public void start() {
    loads = requests.asFlux().flatMap(this::load, CONCURRENT_LOADS).subscribe();
    // a tenth of the period: a user is refreshed at most that late
    Duration tick = Duration.ofMillis(Math.max(1000, Math.min(30_000, refresh.toMillis() / 10)));
    ticker = Flux.interval(tick, tick)
        .onBackpressureDrop()
        .subscribe(t -> index.dueForRefresh(clock.millis()).forEach(this::request));
  }

  @Override
  public void stop() {
    dispose(ticker);
    dispose(loads);
    ticker = null;
    loads = null;
  }

  @Override
  public boolean isRunning() {
    return loads != null;
  }

  private Mono<Void> load(Watcher w) {
    return readModel.contactsOf(w.userId).take(maxContacts).collectList()
        .timeout(LOAD_TIMEOUT)
        .doOnNext(contacts -> index.setContacts(w, contacts, clock.millis() + jittered(refresh)))
        .onErrorResume(e -> {
          log.warn("cannot load the contacts of {}: {}", w.userId, e.toString());
          w.refreshAt = clock.millis() + RETRY.toMillis();
          return Mono.empty();
        })
        .doFinally(signal -> w.doneLoading())
        .then();
  }

  private static long jittered(Duration period) {
    long ms = period.toMillis();
    return ms + ThreadLocalRandom.current().nextLong(-ms / 10, ms / 10 + 1);
  }

  private static void dispose(Disposable d) {
    if (d != null) {
      d.dispose();
    }
  }
}
