package io.herald.notifier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FCM ({@code herald.notifier.fcm.*}). Push is on only when a project id is set; without
 * {@code credentials-file} the Google application-default credentials are used.
 *
 * @param projectId Firebase project id; empty: push requests go to the outbox log
 * @param credentialsFile service-account JSON file
 * @param endpoint base URL replacing {@code https://fcm.googleapis.com} (tests point it at a local server)
 */
@ConfigurationProperties("herald.notifier.fcm")
public record FirebaseSettings(@DefaultValue("") String projectId, @DefaultValue("") String credentialsFile,
                               @DefaultValue("") String endpoint) {

  public boolean enabled() {
    return !projectId.isBlank();
  }
}
