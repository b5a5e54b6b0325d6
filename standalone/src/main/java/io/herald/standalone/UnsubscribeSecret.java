package io.herald.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC key of one-click unsubscribe links, shared by the ingest API and the notifier of the
 * one-JVM platform: created once (256 random bits) and kept in the data folder, so links in
 * e-mails sent before a restart keep working.
 */
final class UnsubscribeSecret {

  private UnsubscribeSecret() {}

  static String load(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "-herald-unsubscribe";
      Files.createDirectories(file.getParent());
      Files.writeString(file, secret, StandardCharsets.UTF_8);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
