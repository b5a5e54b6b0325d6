package io.herald.schemas.notifications;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The contract of the one-click unsubscribe link between the notifier (which writes it into every
 * digest e-mail) and the ingest API (which honours it): {@code base64url(user_id) "." base64url(HMAC-SHA256(secret,
 * "unsubscribe-digest:" user_id))}. Both sides share only the secret. The token names no expiry on
 * purpose: an unsubscribe link must keep working in an old e-mail; it can do one thing only (turn
 * the digest off), so a leaked link costs its owner their digest, nothing more.
 */
public final class UnsubscribeTokens {

  /** Secrets shorter than this are refused: a guessable key would let anyone unsubscribe anyone. */
  public static final int MIN_SECRET_BYTES = 32;
  private static final String PURPOSE = "unsubscribe-digest:";
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  private final byte[] secret;

  public UnsubscribeTokens(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the unsubscribe secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  public String sign(String userId) {
    return ENC.encodeToString(userId.getBytes(StandardCharsets.UTF_8)) + "." + ENC.encodeToString(mac(userId));
  }

  /** The user id the token was signed for; empty when it is malformed or its signature does not match. */
  public Optional<String> verify(String token) {
    if (token == null || token.length() > 512) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    try {
      String userId = new String(DEC.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] given = DEC.decode(token.substring(dot + 1));
      return MessageDigest.isEqual(given, mac(userId)) && !userId.isEmpty() ? Optional.of(userId) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal((PURPOSE + userId).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
