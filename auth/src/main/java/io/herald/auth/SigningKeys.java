package io.herald.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;

/**
 * The issuer's RSA key pair. Loaded from a JWK file, or generated (2048-bit) and written there on
 * first start, so tokens survive restarts; instances of the issuing service share the file.
 */
public final class SigningKeys {

  private final RSAKey key;
  private final com.nimbusds.jose.crypto.RSASSASigner signer;

  private SigningKeys(RSAKey key) {
    this.key = key;
    try {
      this.signer = new com.nimbusds.jose.crypto.RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key", e);
    }
  }

  public static SigningKeys generate() {
    try {
      return new SigningKeys(new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
          .keyID(UUID.randomUUID().toString()).generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate RSA key", e);
    }
  }

  /** Reads the key from {@code file}, creating it (owner-only permissions) when absent. */
  public static SigningKeys loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return new SigningKeys(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
      }
      SigningKeys keys = generate();
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, "jwk", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      Files.writeString(tmp, keys.key.toJSONString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write signing key " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException("signing key file is not a JWK: " + file, e);
    }
  }

  /**
   * Signs exactly the given claims (RS256, this key's id). {@link TokenIssuer} is the one caller
   * in production; tests use it to forge correctly signed tokens with missing or bad claims.
   */
  public String sign(com.nimbusds.jwt.JWTClaimsSet claims) {
    com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
        new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID(keyId())
            .type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
    return jwt.serialize();
  }

  public String keyId() {
    return key.getKeyID();
  }

  /** The public half as a JWKS document, for {@code /.well-known/jwks.json}. */
  public Map<String, Object> publicJwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }

  public java.security.interfaces.RSAPublicKey publicKey() {
    try {
      return key.toRSAPublicKey();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
