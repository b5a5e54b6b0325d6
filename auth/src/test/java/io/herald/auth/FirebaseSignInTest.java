package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.auth.web.HeraldAuthentication;
import io.herald.auth.web.HeraldAuthenticationManager;
import io.herald.auth.web.PresentedCredential;
import io.herald.auth.web.RefusedCredentialException;
import io.herald.testkit.FirebaseAuthEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * Firebase ID tokens from the real Auth emulator: accepted and mapped for the configured project;
 * refused for another project, tampered, without the emulator variable (the production path, where
 * unsigned tokens never pass), and wherever no project is configured.
 */
class FirebaseSignInTest {

  private static final String PROJECT = "demo-herald";
  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension
  static final FirebaseEmulator emulator = new FirebaseEmulator(PROJECT);

  private final List<FirebaseSignIn> opened = new CopyOnWriteArrayList<>();
  private final List<FirebaseSignIn.FirebaseUser> firstUses = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(FirebaseSignIn::close);
    emulator.emulatorMode(true);
  }

  private static void emulatorMode(boolean on) {
    emulator.emulatorMode(on);
  }

  private FirebaseSignIn signIn(String project) {
    FirebaseSignIn s = FirebaseSignIn.from(new FirebaseSignInSettings(project, Duration.ofSeconds(10)),
        user -> Mono.fromRunnable(() -> firstUses.add(user))).orElseThrow();
    opened.add(s);
    return s;
  }

  private static FirebaseAuthEmulator.User newUser() {
    return emulator.newUser("u");
  }

  @Test
  void anEmulatorUserIsAStableHeraldCustomerRecordedOnFirstUse() {
    emulatorMode(true);
    FirebaseAuthEmulator.User user = newUser();
    FirebaseSignIn firebase = signIn(PROJECT);

    VerifiedAccess access = firebase.verify(user.idToken()).block(WAIT);
    firebase.verify(emulator.get().signIn(user)).block(WAIT);

    assertThat(access.principal()).isEqualTo(
        new HeraldPrincipal(FirebaseSignIn.heraldUserId(PROJECT, user.uid()), Role.CUSTOMER, Set.of()));
    assertThat(access.principal().userId()).startsWith("fb-").doesNotContain(user.uid());
    assertThat(access.expiresAt()).isAfter(java.time.Instant.now());
    assertThat(access.sessionId()).isEmpty();
    assertThat(firstUses).as("one first use per user, whatever the number of tokens").hasSize(1);
    assertThat(firstUses.get(0).email()).isEqualTo(user.email());
  }

  @Test
  void theShopsClaimMakesAMerchantOfThoseShops() {
    emulatorMode(true);
    FirebaseAuthEmulator.User user = newUser();
    emulator.get().setCustomClaims(user.uid(), "{\"" + FirebaseSignIn.SHOPS_CLAIM + "\":[\"tea-shop\",\"cake-shop\"]}");

    HeraldPrincipal p = signIn(PROJECT).verify(emulator.get().signIn(user)).block(WAIT).principal();

    assertThat(p.role()).isEqualTo(Role.MERCHANT);
    assertThat(p.shopIds()).containsExactlyInAnyOrder("tea-shop", "cake-shop");
  }

  @Test
  void aTokenOfAnotherProjectOrTamperedIsRefused() {
    emulatorMode(true);
    FirebaseAuthEmulator.User user = newUser();

    assertRefused(signIn("demo-other"), user.idToken());
    FirebaseSignIn firebase = signIn(PROJECT);
    assertRefused(firebase, FirebaseAuthEmulator.tamper(user.idToken(), "\"aud\":\"" + PROJECT + "\"", "\"aud\":\"demo-other\""));
    assertRefused(firebase, user.idToken() + "x");
    assertThat(firstUses).isEmpty();
  }

  @Test
  void withoutTheEmulatorVariableTheEmulatorsUnsignedTokensAreRefused() {
    emulatorMode(true);
    FirebaseAuthEmulator.User user = newUser();
    emulatorMode(false);
    FirebaseSignIn firebase = signIn(PROJECT);

    assertRefused(firebase, user.idToken());
    assertRefused(firebase, FirebaseAuthEmulator.tamper(user.idToken(), user.uid(), "someone-else"));
    assertThat(firstUses).isEmpty();
  }

  @Test
  void withoutAProjectFirebaseSignInIsOffAndTheTokenIsAnOrdinaryInvalidToken() {
    emulatorMode(true);
    FirebaseAuthEmulator.User user = newUser();
    assertThat(FirebaseSignIn.from(new FirebaseSignInSettings("", Duration.ofSeconds(5)), u -> Mono.empty())).isEmpty();

    HeraldAuthenticationManager off = new HeraldAuthenticationManager(TokenVerifier.fromKeys(SigningKeys.generate(), "herald"));
    assertThatThrownBy(() -> off.authenticate(PresentedCredential.bearer(user.idToken())).block(WAIT))
        .isInstanceOf(RefusedCredentialException.class);

    HeraldAuthenticationManager on = new HeraldAuthenticationManager(TokenVerifier.fromKeys(SigningKeys.generate(), "herald"),
        Optional.of(signIn(PROJECT)), Mono::just);
    HeraldAuthentication a = (HeraldAuthentication) on.authenticate(PresentedCredential.bearer(user.idToken())).block(WAIT);
    assertThat(a.getName()).isEqualTo(FirebaseSignIn.heraldUserId(PROJECT, user.uid()));
  }

  private static void assertRefused(FirebaseSignIn firebase, String token) {
    assertThatThrownBy(() -> firebase.verify(token).block(WAIT)).isInstanceOf(InvalidTokenException.class);
  }
}
