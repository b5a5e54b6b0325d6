package io.herald.testkit;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Firebase Auth emulator (npm {@code firebase-tools}, offline) on a free port, for one demo
 * project; the process tree is killed on {@link #close}. The CLI is looked for in
 * {@code -Dherald.firebase.tools=DIR} / {@code HERALD_FIREBASE_TOOLS} (an npm prefix holding
 * {@code node_modules/.bin/firebase}), then {@code ~/.cache/herald-firebase-tools} (where
 * {@code .ci/run} installs it), then {@code firebase} on the PATH. When it cannot start, the test
 * FAILS, unless run with {@code -Dherald.firebase.emulator=skip} (local runs without node only).
 */
public final class FirebaseAuthEmulator implements AutoCloseable {

  public static final String SKIP_PROPERTY = "herald.firebase.emulator";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern STRING_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

  /** A user signed up in the emulator: its uid ({@code localId}) and a fresh ID token. */
  public record User(String uid, String email, String password, String idToken) {}

  private final Process process;
  private final String projectId;
  private final int port;
  private final File log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FirebaseAuthEmulator(Process process, String projectId, int port, File log) {
    this.process = process;
    this.projectId = projectId;
    this.port = port;
    this.log = log;
  }

  /** Starts the emulator for {@code projectId} (use a {@code demo-} id: no real project is touched). */
  public static FirebaseAuthEmulator start(String projectId) {
    String cli = cli();
    try {
      int port = freePort();
      // The hub and the logging endpoint would take fixed ports (4400, 4500): free ones too.
      Path dir = Files.createTempDirectory("firebase-emulator");
      Files.writeString(dir.resolve("firebase.json"), "{\"emulators\":{"
          + "\"auth\":{\"host\":\"127.0.0.1\",\"port\":" + port + "},"
          + "\"hub\":{\"host\":\"127.0.0.1\",\"port\":" + freePort() + "},"
          + "\"logging\":{\"host\":\"127.0.0.1\",\"port\":" + freePort() + "},"
          + "\"ui\":{\"enabled\":false},\"singleProjectMode\":true}}");
      Files.createDirectories(dir.resolve("config"));
      File log = dir.resolve("emulator.log").toFile();
      ProcessBuilder pb = new ProcessBuilder(cli, "emulators:start", "--only", "auth", "--project", projectId)
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log);
      pb.environment().putAll(Map.of("NO_UPDATE_NOTIFIER", "1", "CI", "true",
          "XDG_CONFIG_HOME", dir.resolve("config").toString(), "HOME", dir.toString()));
      FirebaseAuthEmulator emulator = new FirebaseAuthEmulator(pb.start(), projectId, port, log);
      emulator.awaitUp();
      return emulator;
    } catch (IOException e) {
      return unavailable("cannot start the Firebase Auth emulator (" + cli + "): " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:port}: the value of {@code FIREBASE_AUTH_EMULATOR_HOST}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public String projectId() {
    return projectId;
  }

  /** Signs a new user up through the emulator's REST API ({@code accounts:signUp}). */
  public User signUp(String email, String password) {
    Map<String, String> r = post("/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"returnSecureToken\":true}");
    return new User(r.get("localId"), email, password, r.get("idToken"));
  }

  /** Sets custom claims (a JSON object) on a user, as the Admin SDK's {@code setCustomUserClaims} does. */
  public void setCustomClaims(String uid, String claimsJson) {
    post("/identitytoolkit.googleapis.com/v1/projects/" + projectId + "/accounts:update", "owner",
        "{\"localId\":\"" + uid + "\",\"customAttributes\":\"" + claimsJson.replace("\"", "\\\"") + "\"}");
  }

  /** A fresh ID token of the user (carrying its current custom claims). */
  public String signIn(User user) {
    return post("/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=any", null,
        "{\"email\":\"" + user.email() + "\",\"password\":\"" + user.password() + "\",\"returnSecureToken\":true}").get("idToken");
  }

  /** {@code token} with its payload claims changed by {@code edit} (a string replacement on the JSON); the signature part kept. */
  public static String tamper(String token, String from, String to) {
    String[] parts = token.split("\\.", -1);
    Base64.Decoder dec = Base64.getUrlDecoder();
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String payload = new String(dec.decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
    if (!payload.contains(from)) {
      throw new IllegalArgumentException("the token's payload has no " + from);
    }
    parts[1] = enc.encodeToString(payload.replace(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.join(".", parts);
  }

  private Map<String, String> post(String path, String bearer, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("emulator " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      Matcher m = STRING_FIELD.matcher(r.body());
      Map<String, String> fields = new java.util.HashMap<>();
      while (m.find()) {
        fields.putIfAbsent(m.group(1), m.group(2));
      }
      return fields;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitUp() {
    try {
      HttpReadiness.await(process, URI.create("http://" + host() + "/"), START_TIMEOUT,
          () -> "the Firebase Auth emulator (" + tail() + ")");
    } catch (IllegalStateException e) {
      close();
      unavailable(e.getMessage());
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log.toPath());
      return lines.subList(Math.max(0, lines.size() - 20), lines.size()).stream().collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String cli() {
    String configured = System.getProperty("herald.firebase.tools", System.getenv("HERALD_FIREBASE_TOOLS"));
    for (String prefix : new String[] {configured, System.getProperty("user.home") + "/.cache/herald-firebase-tools"}) {
      if (prefix != null) {
        File bin = new File(prefix, "node_modules/.bin/firebase");
        if (bin.canExecute()) {
          return bin.getPath();
        }
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File bin = new File(dir, "firebase");
      if (bin.canExecute()) {
        return bin.getPath();
      }
    }
    return unavailable("no firebase CLI: install it with `npm install --prefix ~/.cache/herald-firebase-tools firebase-tools`"
        + " (see .ci/run), or set -Dherald.firebase.tools");
  }

  /** Fails, or (only with {@code -Dherald.firebase.emulator=skip}) skips the test. */
  private static <T> T unavailable(String why) {
    Assumptions.assumeFalse("skip".equals(System.getProperty(SKIP_PROPERTY)), why);
    throw new IllegalStateException(why + " (to skip locally: -D" + SKIP_PROPERTY + "=skip)");
  }

  /** Kills the emulator and every process it started. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
