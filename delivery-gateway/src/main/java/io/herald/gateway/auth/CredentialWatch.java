package io.herald.gateway.auth;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.VerifiedAccess;
import io.herald.events.ProfileChanged;
import io.herald.events.UserDeleted;
import io.herald.events.UserEvent;
import io.herald.gateway.kafka.TopicTail;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.kafka.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Ends long-lived connections with their credentials. {@link #watch} yields one
 * {@link CredentialEnd}: at the access token's expiry, or within seconds of a revocation learnt
 * from the {@code users} topic (account deleted; the token's sign-in session revoked, e.g. signed
 * out; shop list changed so that the connection's {@code allowed} test fails). One reader of
 * {@code users} per gateway (the shared {@link TopicTail}), whatever the number of connections;
 * handlers run on its thread and never block.
 *
 * <p>What the reader saw is remembered (bounded, least recently used evicted), so a connection
 * opened later with a token issued before the change ends at once. The reader starts one maximum
 * token lifetime (plus clock skew) back in the topic, so changes made shortly before this gateway
 * started are known too; anything older only concerns tokens that have expired since.
 */
public final class CredentialWatch implements Consumer<ConsumerRecord<byte[], byte[]>>, SmartLifecycle,
    ConnectionTimers.Timed {

  /** Users whose deletion or shop change is remembered. */
  static final int REMEMBERED_USERS = 100_000;
  /** Revoked sessions remembered; one sign-in lifetime of revocations in practice. */
  static final int REMEMBERED_SESSIONS = 100_000;

  /** @param expiresAtNanos the token's expiry on the {@link System#nanoTime()} scale */
  private record Watcher(HeraldPrincipal principal, String sessionId, Predicate<HeraldPrincipal> allowed,
                         long expiresAtNanos, MonoSink<CredentialEnd> sink) {}

  /** What the users topic said last about a user: deleted, or their current shops. */
  private record Known(boolean deleted, Set<String> shops) {}

  private final Clock clock;
  private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
  private final LinkedHashMap<String, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
      return size() > REMEMBERED_USERS;
    }
  };
  private final Map<String, Boolean> revokedSessions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_SESSIONS;
    }
  };
  private final TopicTail tail;
  private final DeadLetterPublisher deadLetters;
  private volatile boolean running;

  /**
   * @param tailFactory builds the reader of {@code users} that feeds this watch (null: fed by the caller, in tests)
   * @param timers end watches at their token's expiry (one sweep per tick over every watch, no timer each)
   */
  public CredentialWatch(java.util.function.Function<Consumer<ConsumerRecord<byte[], byte[]>>, TopicTail> tailFactory,
                         DeadLetterPublisher deadLetters, Clock clock, ConnectionTimers timers) {
    this.clock = clock;
    this.deadLetters = deadLetters;
    this.tail = tailFactory == null ? null : tailFactory.apply(this);
    timers.register(this);
  }

  /**
   * One signal when the credential behind {@code access} ends: {@link CredentialEnd.Kind#EXPIRED} at
   * its expiry, {@link CredentialEnd.Kind#REVOKED} when the account is deleted, its session is
   * revoked, or a change of its shops makes {@code allowed} false. Cancelling stops watching.
   */
  public Mono<CredentialEnd> watch(VerifiedAccess access, Predicate<HeraldPrincipal> allowed) {
    return Mono.create(sink -> {
      // Ends at a tick, never inside this subscribe, also when already expired (accepted within the
      // verifier's clock skew): a subscriber that replaces its watch on expiry (a chat socket's grace)
      // must have stored this one's handle first.
      Duration left = Duration.between(clock.instant(), access.expiresAt());
      HeraldPrincipal p = access.principal();
      Watcher w = new Watcher(p, access.sessionId().orElse(null), allowed, System.nanoTime() + left.toNanos(), sink);
      watchers.computeIfAbsent(p.userId(), k -> ConcurrentHashMap.newKeySet()).add(w);
      sink.onDispose(() -> watchers.computeIfPresent(p.userId(), (k, set) -> {
        set.remove(w);
        return set.isEmpty() ? null : set;
      }));
      if (w.sessionId() != null && sessionRevoked(w.sessionId())) {
        sink.success(CredentialEnd.revoked(CredentialEnd.SESSION_REVOKED));
        return;
      }
      Known k = known(p.userId());
      if (k != null) {
        check(w, k);
      }
    });
  }

  /** Ends the watches whose token expired (on the timers' thread). */
  @Override
  public void tick(long nowNanos) {
    for (Set<Watcher> ws : watchers.values()) {
      for (Watcher w : ws) {
        if (nowNanos - w.expiresAtNanos() >= 0) {
          w.sink().success(CredentialEnd.expired()); // its dispose removes it (the sets allow that while iterated)
        }
      }
    }
  }

  /**
   * {@code access} itself, or a 401 ({@link InvalidTokenException}) when this gateway already knows
   * the account was deleted, its session revoked, or it no longer passes {@code allowed}: a
   * connection is not opened only to be ended.
   */
  public Mono<VerifiedAccess> requireCurrent(VerifiedAccess access, Predicate<HeraldPrincipal> allowed) {
    try {
      checkCurrent(access, allowed);
      return Mono.just(access);
    } catch (InvalidTokenException e) {
      return Mono.error(e);
    }
  }

  /** As {@link #requireCurrent}, synchronously: throws {@link InvalidTokenException}. */
  public void checkCurrent(VerifiedAccess access, Predicate<HeraldPrincipal> allowed) {
    if (access.sessionId().map(this::sessionRevoked).orElse(false)) {
      throw new InvalidTokenException("session revoked");
    }
    Known k = known(access.principal().userId());
    if (k != null && (k.deleted() || !allowed.test(withShops(access.principal(), k)))) {
      throw new InvalidTokenException("credentials revoked");
    }
  }

  /** Applies one {@code users} record (on the reader's thread). */
  @Override
  public void accept(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null || r.key() == null) {
      return;
    }
    UserEvent event;
    try {
      event = io.herald.schemas.topics.Topics.USERS.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
    } catch (SerializationException e) {
      if (deadLetters != null) {
        deadLetters.publish(r, e);
      }
      return;
    }
    String userId = new String(r.key(), StandardCharsets.UTF_8);
    if (event.getPayload() instanceof ProfileChanged pc && pc.getRevokedSessionIds() != null) {
      sessionsRevoked(userId, pc.getRevokedSessionIds());
    }
    Known change;
    if (event.getPayload() instanceof UserDeleted) {
      change = new Known(true, Set.of());
    } else if (event.getPayload() instanceof ProfileChanged pc && pc.getShopIds() != null) {
      change = new Known(false, Set.copyOf(pc.getShopIds()));
    } else {
      return;
    }
    synchronized (known) {
      known.put(userId, change);
    }
    Set<Watcher> ws = watchers.get(userId);
    if (ws != null) {
      ws.forEach(w -> check(w, change));
    }
  }

  private void sessionsRevoked(String userId, java.util.List<String> sessionIds) {
    synchronized (revokedSessions) {
      sessionIds.forEach(sid -> revokedSessions.put(sid, Boolean.TRUE));
    }
    Set<Watcher> ws = watchers.get(userId);
    if (ws != null) {
      ws.stream().filter(w -> w.sessionId() != null && sessionIds.contains(w.sessionId()))
          .forEach(w -> w.sink().success(CredentialEnd.revoked(CredentialEnd.SESSION_REVOKED)));
    }
  }

  private boolean sessionRevoked(String sessionId) {
    synchronized (revokedSessions) {
      return revokedSessions.containsKey(sessionId);
    }
  }

  /** Connections being watched (for metrics and tests). */
  public int watched() {
    return watchers.values().stream().mapToInt(Set::size).sum();
  }

  private Known known(String userId) {
    synchronized (known) {
      return known.get(userId);
    }
  }

  private static void check(Watcher w, Known k) {
    if (k.deleted()) {
      w.sink().success(CredentialEnd.revoked(CredentialEnd.ACCOUNT_DELETED));
      return;
    }
    if (!w.allowed().test(withShops(w.principal(), k))) {
      w.sink().success(CredentialEnd.revoked(CredentialEnd.ACCESS_REVOKED));
    }
  }

  private static HeraldPrincipal withShops(HeraldPrincipal p, Known k) {
    return new HeraldPrincipal(p.userId(), p.role(), k.shops());
  }

  /** Completes once the reader of {@code users} is positioned. */
  public Mono<Void> ready() {
    return tail == null ? Mono.empty() : tail.ready();
  }

  @Override
  public void start() {
    running = true;
    if (tail != null) {
      tail.start();
    }
  }

  @Override
  public void stop() {
    running = false;
    if (tail != null) {
      tail.stop();
    }
    if (deadLetters != null) {
      deadLetters.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
