package io.herald.schemas.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * SHA-256 and name-based (version 3) UUIDs with one digest per thread: {@code MessageDigest.getInstance}
 * looks the algorithm up among the security providers on every call, which was a visible share of the
 * chat send path (a fingerprint and a derived message id per message) and of the conversation
 * topology (an event id per output record). Same results as {@code MessageDigest.getInstance(...)
 * .digest(...)} and {@link UUID#nameUUIDFromBytes}. A digest is reset by {@code digest()}, and no
 * method here calls out while holding one, so calls cannot interleave on a thread.
 */
public final class Digests {

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> digest("SHA-256"));
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> digest("MD5"));

  private Digests() {}

  /** SHA-256 of the parts one after the other (as one {@code update} each). */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest sha = SHA_256.get();
    for (byte[] part : parts) {
      sha.update(part);
    }
    return sha.digest();
  }

  /** SHA-256 of the text's UTF-8 bytes. */
  public static byte[] sha256(String text) {
    return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link UUID#nameUUIDFromBytes} of the name's UTF-8 bytes. */
  public static UUID nameUuid(String name) {
    return nameUuid(name.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link UUID#nameUUIDFromBytes}, with this thread's MD5. */
  public static UUID nameUuid(byte[] name) {
    byte[] md5 = MD5.get().digest(name);
    md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3
    md5[8] = (byte) ((md5[8] & 0x3f) | 0x80); // IETF variant
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (md5[i] & 0xff);
      lsb = (lsb << 8) | (md5[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }
}
