package io.herald.auth;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;
import com.google.firebase.auth.FirebaseToken;
import com.nimbusds.jwt.JWTParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Accepts Firebase ID tokens of one project as Herald credentials: verified by firebase-admin
 * ({@code FirebaseAuth.verifyIdToken}, on a bounded worker pool, never an event loop: it may fetch
 * Google's certificates), mapped to a Herald principal without a look-up: the user id is derived
 * from project + uid ({@link #heraldUserId}), a {@value #SHOPS_CLAIM} custom claim makes a merchant
 * of those shops. Unsigned (emulator) tokens pass only where firebase-admin itself sees
 * {@code FIREBASE_AUTH_EMULATOR_HOST}; nothing here sets it.
 */
public final class FirebaseSignIn implements AutoCloseable {

  /** The custom claim naming a merchant's shops (set with the Admin SDK's {@code setCustomUserClaims}). */
  public static final String SHOPS_CLAIM = "herald_shops";
  /** The {@code iss} of every Firebase ID token, followed by the project id. */
  public static final String ISSUER_PREFIX = "https://securetoken.google.com/";
  /** Users whose first use was already handled by this process (least recently used forgotten). */
  static final int REMEMBERED_USERS = 100_000;

  /** What a first use learns of a Firebase user, for the account it maps to. */
  public record FirebaseUser(HeraldPrincipal principal, String uid, String email, String name) {}

  private final String projectId;
  private final FirebaseApp app;
  private final FirebaseAuth auth;
  private final java.time.Duration timeout;
  private final VerifiedTokenCache verified = new VerifiedTokenCache(TokenVerifier.CACHE_ENTRIES, Clock.systemUTC());
  private final Function<FirebaseUser, Mono<Void>> firstUse;
  private final Map<String, Boolean> adopted = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_USERS;
    }
  };

  private FirebaseSignIn(String projectId, FirebaseApp app, java.time.Duration timeout,
                         Function<FirebaseUser, Mono<Void>> firstUse) {
    this.projectId = projectId;
    this.app = app;
    this.auth = FirebaseAuth.getInstance(app);
    this.timeout = timeout;
    this.firstUse = firstUse;
  }

  /**
   * Firebase sign-in for {@code settings}, or empty when no project is configured.
   *
   * @param firstUse called once per user per process before its first request passes (the ingest
   *     API records the account); must be idempotent
   */
  public static Optional<FirebaseSignIn> from(FirebaseSignInSettings settings, Function<FirebaseUser, Mono<Void>> firstUse) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    // ID token verification needs no service account; firebase-admin insists on some credentials.
    FirebaseOptions options = FirebaseOptions.builder()
        .setProjectId(settings.projectId())
        .setCredentials(GoogleCredentials.create(new AccessToken("unused-for-id-token-verification", null)))
        .build();
    FirebaseApp app = FirebaseApp.initializeApp(options, "herald-sign-in-" + UUID.randomUUID());
    return Optional.of(new FirebaseSignIn(settings.projectId(), app, settings.verifyTimeout(), firstUse));
  }

  /** The Herald user id of a Firebase user: stable, the same in every service, not the uid itself. */
  public static String heraldUserId(String projectId, String uid) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((projectId + "/" + uid).getBytes(StandardCharsets.UTF_8));
      return "fb-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code token} is a Firebase ID token (by its unverified issuer): then only {@link #verify} may accept it. */
  public static boolean looksLikeFirebase(String token) {
    try {
      String iss = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
      return iss != null && iss.startsWith(ISSUER_PREFIX);
    } catch (java.text.ParseException | RuntimeException e) {
      return false;
    }
  }

  /** The caller and expiry of a valid ID token of this project; any failure is an {@link InvalidTokenException}. */
  public Mono<VerifiedAccess> verify(String token) {
    VerifiedAccess known = verified.getVerified(token);
    if (known != null) {
      return Mono.just(known);
    }
    return Mono.fromCallable(() -> auth.verifyIdToken(token))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(timeout)
        .onErrorMap(e -> !(e instanceof InvalidTokenException), e -> new InvalidTokenException(
            e instanceof FirebaseAuthException f ? "Firebase ID token refused: " + f.getAuthErrorCode() : "Firebase ID token refused"))
        .flatMap(t -> {
          FirebaseUser user = user(t);
          VerifiedAccess access = new VerifiedAccess(user.principal(), expiry(t), Optional.empty());
          return adopt(user).then(Mono.fromSupplier(() -> {
            verified.put(token, access);
            return access;
          }));
        });
  }

  private Mono<Void> adopt(FirebaseUser user) {
    String id = user.principal().userId();
    synchronized (adopted) {
      if (adopted.containsKey(id)) {
        return Mono.empty();
      }
    }
    return firstUse.apply(user).doOnSuccess(v -> {
      synchronized (adopted) {
        adopted.put(id, Boolean.TRUE);
      }
    });
  }

  private FirebaseUser user(FirebaseToken t) {
    Object shops = t.getClaims().get(SHOPS_CLAIM);
    Set<String> shopIds = shops instanceof Collection<?> c
        ? c.stream().filter(String.class::isInstance).map(String.class::cast).collect(Collectors.toUnmodifiableSet())
        : Set.of();
    Role role = shopIds.isEmpty() ? Role.CUSTOMER : Role.MERCHANT;
    return new FirebaseUser(new HeraldPrincipal(heraldUserId(projectId, t.getUid()), role, shopIds),
        t.getUid(), t.getEmail(), t.getName());
  }

  private static Instant expiry(FirebaseToken t) {
    if (t.getClaims().get("exp") instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    throw new InvalidTokenException("Firebase ID token without exp");
  }

  @Override
  public void close() {
    app.delete();
  }
}
