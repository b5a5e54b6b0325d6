package io.herald.auth;

import com.google.firebase.internal.FirebaseProcessEnvironment;
import io.herald.testkit.FirebaseAuthEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Firebase Auth emulator for one test class ({@code @RegisterExtension static}), with
 * firebase-admin in emulator mode meanwhile. Emulator mode stands in for the
 * {@code FIREBASE_AUTH_EMULATOR_HOST} variable, which firebase-admin reads through
 * {@code FirebaseProcessEnvironment} on every verification (a test JVM has no such variable).
 */
public final class FirebaseEmulator implements BeforeAllCallback, AfterAllCallback {

  private final String projectId;
  private FirebaseAuthEmulator emulator;

  public FirebaseEmulator(String projectId) {
    this.projectId = projectId;
  }

  public FirebaseAuthEmulator get() {
    return emulator;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator = FirebaseAuthEmulator.start(projectId);
    emulatorMode(true);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    emulatorMode(false);
    if (emulator != null) {
      emulator.close();
    }
  }

  /** On: firebase-admin accepts the emulator's unsigned tokens (this JVM only). Off: the production path. */
  public void emulatorMode(boolean on) {
    FirebaseProcessEnvironment.clearCache();
    if (on) {
      FirebaseProcessEnvironment.setenv("FIREBASE_AUTH_EMULATOR_HOST", emulator.host());
    }
  }

  /** Signs a new user up in the emulator. */
  public FirebaseAuthEmulator.User newUser(String name) {
    return emulator.signUp(name + "-" + java.util.UUID.randomUUID() + "@example.com", "secret-123");
  }
}
