package io.herald.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate for tests, made with the JDK's own {@code keytool}: a PKCS12 key store
 * holding a self-signed server certificate for {@code 127.0.0.1} / {@code localhost} (valid two
 * days), and a PKCS12 trust store holding that certificate, both under one password.
 *
 * @param keyStore the server's certificate and private key
 * @param trustStore what a client trusts
 */
public record TlsMaterial(Path keyStore, Path trustStore, String password) {

  /** Writes {@code server.p12} and {@code trust.p12} into {@code dir}. */
  public static TlsMaterial create(Path dir) {
    String password = "herald-test-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    Path keyStore = dir.resolve("server.p12");
    Path trustStore = dir.resolve("trust.p12");
    Path cert = dir.resolve("server.pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", password,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "herald-test-ca", "-file", cert.toString(),
        "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", password);
    return new TlsMaterial(keyStore, trustStore, password);
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code file:} URL of the trust store, for Spring's SSL bundle settings. */
  public String trustStoreUrl() {
    return trustStore.toUri().toString();
  }

  /** {@code file:} URL of the key store. */
  public String keyStoreUrl() {
    return keyStore.toUri().toString();
  }

  @Override
  public String toString() {
    return "TlsMaterial[" + keyStore + ", " + trustStore + "]"; // not the password
  }
}
