package io.herald.notifier.push;

import com.google.api.client.http.javanet.ConnectionFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.FirebaseMessaging;
import io.herald.notifier.FirebaseSettings;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Date;
import java.util.UUID;

/**
 * Builds the {@link FirebaseApp} of this notifier (a named app, so several contexts in one JVM do
 * not collide). With {@code endpoint} set, every {@code *.googleapis.com} request goes to that base
 * URL instead, through firebase-admin's own HTTP transport (how the tests exercise the real FCM path).
 */
public final class FirebaseMessagingFactory {

  private FirebaseMessagingFactory() {}

  public static FirebaseApp app(FirebaseSettings s) {
    FirebaseOptions.Builder options = FirebaseOptions.builder().setProjectId(s.projectId()).setCredentials(credentials(s));
    if (!s.endpoint().isBlank()) {
      URI base = URI.create(s.endpoint());
      ConnectionFactory redirect = url -> (HttpURLConnection) rewrite(url, base).openConnection();
      options.setHttpTransport(new NetHttpTransport.Builder().setConnectionFactory(redirect).build());
    }
    return FirebaseApp.initializeApp(options.build(), "herald-notifier-" + UUID.randomUUID());
  }

  public static FirebaseMessaging messaging(FirebaseApp app) {
    return FirebaseMessaging.getInstance(app);
  }

  private static GoogleCredentials credentials(FirebaseSettings s) {
    try {
      if (!s.credentialsFile().isBlank()) {
        try (InputStream in = new FileInputStream(s.credentialsFile())) {
          return GoogleCredentials.fromStream(in);
        }
      }
      if (!s.endpoint().isBlank()) {
        // a local stand-in needs no OAuth: a fixed token that never refreshes
        return GoogleCredentials.create(new AccessToken("local-endpoint", new Date(Long.MAX_VALUE)));
      }
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load Firebase credentials", e);
    }
  }

  private static URL rewrite(URL url, URI base) throws IOException {
    if (!url.getHost().endsWith("googleapis.com")) {
      return url;
    }
    String file = url.getFile();
    return URI.create(base.toString().replaceAll("/$", "") + file).toURL();
  }
}
