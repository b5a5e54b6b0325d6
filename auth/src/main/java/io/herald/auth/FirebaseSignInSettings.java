package io.herald.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Firebase sign-in ({@code herald.auth.firebase.*}), read by the ingest API and the gateway alike.
 * Off unless {@code projectId} is set; off, a Firebase ID token is an ordinary invalid token (401).
 *
 * @param projectId the Firebase project whose ID tokens are accepted (empty: Firebase sign-in off)
 * @param verifyTimeout how long one verification may take (it may fetch Google's public keys) before 401
 */
@ConfigurationProperties("herald.auth.firebase")
public record FirebaseSignInSettings(
    @DefaultValue("") String projectId,
    @DefaultValue("5s") Duration verifyTimeout) {

  public boolean enabled() {
    return projectId != null && !projectId.isBlank();
  }
}
