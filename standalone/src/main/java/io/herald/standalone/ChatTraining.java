package io.herald.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat half of {@link Training}: users on WebSockets sending into direct conversations and a
 * group, acknowledging deliveries and reads, an HTTP send and receipt now and then, reconnects with
 * {@code hello} resume, history reads. Without it the AOT cache held no profile of the chat path, and
 * under the chat bench C2 took 10–28 % of the platform's CPU compiling it after every start.
 */
final class ChatTraining {

  private static final Pattern CONVERSATION_ID = Pattern.compile("\"conversationId\":\"([^\"]+)\"");
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  static final int USERS = 8;
  private static final Duration SEND_EVERY = Duration.ofMillis(20); // per user: 8 × 50 = 400 msg/s at most

  /** A signed-in user. */
  record User(String token, String id) {}

  /** Signs up the users and creates their conversations (on the caller's thread). */
  static ChatTraining prepare(HttpClient http, URI api, URI gateway, String run,
                              BiFunction<String, String, User> signUp) throws Exception {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(signUp.apply("chat-" + i + "-" + run + "@train.test", "customer"));
    }
    List<List<String>> conversations = new ArrayList<>(); // per user: the conversations they send into
    for (int i = 0; i < USERS; i++) {
      conversations.add(new ArrayList<>());
    }
    for (int i = 0; i + 1 < USERS; i += 2) {
      String direct = create(http, api, users.get(i).token(), "{\"type\":\"direct\",\"userId\":\"" + users.get(i + 1).id() + "\"}");
      conversations.get(i).add(direct);
      conversations.get(i + 1).add(direct);
    }
    StringBuilder members = new StringBuilder();
    for (int i = 1; i < USERS; i++) {
      members.append(i > 1 ? "," : "").append('"').append(users.get(i).id()).append('"');
    }
    String group = create(http, api, users.get(0).token(), "{\"type\":\"group\",\"name\":\"training\",\"members\":[" + members + "]}");
    for (List<String> c : conversations) {
      c.add(group);
    }
    return new ChatTraining(http, api, gateway, users, conversations);
  }

  private final HttpClient http;
  private final URI api;
  private final URI gateway;
  private final List<User> users;
  private final List<List<String>> conversations;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong received = new AtomicLong();
  final AtomicLong failed = new AtomicLong();

  private ChatTraining(HttpClient http, URI api, URI gateway, List<User> users, List<List<String>> conversations) {
    this.http = http;
    this.api = api;
    this.gateway = gateway;
    this.users = users;
    this.conversations = conversations;
  }

  /** One loop per user until {@code end} (System.nanoTime), each on its own socket, reconnecting now and then. */
  List<CompletableFuture<Void>> drive(long end, Executor threads) {
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int u = 0; u < users.size(); u++) {
      int user = u;
      loops.add(CompletableFuture.runAsync(() -> {
        try {
          userLoop(user, end);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          failed.incrementAndGet();
          System.out.printf("herald: chat training of user %d ended early: %s%n", user, e);
        }
      }, threads));
    }
    return loops;
  }

  private void userLoop(int u, long end) throws Exception {
    User user = users.get(u);
    List<String> mine = conversations.get(u);
    long i = 0;
    while (System.nanoTime() < end) {
      Frames frames = new Frames();
      WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + user.token())
          .connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create("ws://" + gateway.getHost() + ":" + gateway.getPort() + "/v1/ws?deviceId=train"), frames)
          .get(30, TimeUnit.SECONDS);
      ws.sendText("{\"type\":\"hello\",\"resume\":{}}", true).get(10, TimeUnit.SECONDS);
      // about ten seconds per socket, then a reconnect (catch-up, presence changes)
      long socketEnd = Math.min(end, System.nanoTime() + Duration.ofSeconds(8 + u % 4).toNanos());
      while (System.nanoTime() < socketEnd) {
        String c = mine.get((int) (i % mine.size()));
        String id = "train-" + u + "-" + i;
        if (i % 25 == 3) { // the HTTP send path
          http.send(post("/v1/conversations/" + c + "/messages", user.token(),
              "{\"clientMsgId\":\"" + id + "\",\"body\":\"training " + id + "\"}"), HttpResponse.BodyHandlers.discarding());
        } else {
          ws.sendText("{\"type\":\"send\",\"ref\":\"" + id + "\",\"conversationId\":\"" + c + "\",\"clientMsgId\":\""
              + id + "\",\"body\":\"training message " + id + "\"}", true).get(10, TimeUnit.SECONDS);
        }
        if (frames.closed != null) {
          throw new IllegalStateException("the gateway closed the socket: " + frames.closed);
        }
        sent.incrementAndGet();
        String ack = frames.lastMessage;
        if (ack != null) {
          Matcher conv = CONVERSATION_ID.matcher(ack);
          Matcher seq = SEQ.matcher(ack);
          if (conv.find() && seq.find()) {
            String kind = i % 3 == 0 ? "read" : "delivered";
            if (i % 40 == 11) { // the HTTP receipt path
              http.send(post("/v1/conversations/" + conv.group(1) + "/receipts", user.token(),
                  "{\"kind\":\"" + kind + "\",\"upToSeq\":" + seq.group(1) + "}"), HttpResponse.BodyHandlers.discarding());
            } else {
              ws.sendText("{\"type\":\"" + kind + "\",\"conversationId\":\"" + conv.group(1) + "\",\"upToSeq\":"
                  + seq.group(1) + "}", true).get(10, TimeUnit.SECONDS);
            }
          }
        }
        if (i % 100 == 50) { // the read model
          http.send(get("/v1/conversations?limit=20", user.token()), HttpResponse.BodyHandlers.discarding());
          http.send(get("/v1/conversations/" + c + "/messages?limit=50", user.token()), HttpResponse.BodyHandlers.discarding());
        }
        i++;
        Thread.sleep(SEND_EVERY.toMillis());
      }
      received.addAndGet(frames.messages.get());
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "training").get(10, TimeUnit.SECONDS);
    }
  }

  private HttpRequest post(String path, String token, String json) {
    return HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private HttpRequest get(String path, String token) {
    return HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .GET().build();
  }

  private static String create(HttpClient http, URI api, String token, String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("/v1/conversations")).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = CONVERSATION_ID.matcher(r.body());
    if (r.statusCode() / 100 != 2 || !m.find()) {
      throw new IllegalStateException("training conversation not created: " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  /** Counts {@code message} frames and keeps the newest, whole (frames may arrive in parts). */
  private static final class Frames implements WebSocket.Listener {
    final AtomicLong messages = new AtomicLong();
    volatile String lastMessage;
    volatile String closed;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        if (frame.contains("\"type\":\"message\"")) {
          messages.incrementAndGet();
          lastMessage = frame;
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed = status + " " + reason;
      return null;
    }
  }
}
