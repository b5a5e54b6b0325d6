package io.herald.embedded.mongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded Mongo-wire server as a process of its own: the MongoDB stand-in of the compose
 * cluster on machines that reach no image registry (infra/standins). Runs until SIGTERM, then
 * closes the store cleanly. Users run the real {@code mongo} image instead.
 *
 * <p>Arguments: {@code [--host H] [--port P] [--file F]}; defaults {@code 0.0.0.0}, {@code 27017},
 * {@code /data/db/herald.mv} (an H2 file: data survives re-created containers on a volume). It has
 * no replica sets: {@code --replSet} is refused with a message rather than ignored, since a client
 * that asks for a replica set would wait for a primary that never comes.
 */
public final class MongoWireServer {

  private MongoWireServer() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedMongo mongo;
    try {
      mongo = start(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mongo-wire: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mongo.close();
      stopped.countDown();
    }, "mongo-wire-shutdown"));
    System.out.println("mongo-wire: listening on port " + mongo.port());
    stopped.await();
  }

  /** Parses the arguments and starts the server (the caller closes it). */
  static EmbeddedMongo start(String... args) {
    String host = "0.0.0.0";
    int port = 27017;
    Path file = Path.of("/data/db/herald.mv");
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name + "; usage: [--host H] [--port P] [--file F]");
      }
      String value = args[++i];
      switch (name) {
        case "--host" -> host = value;
        case "--port" -> port = parsePort(value);
        case "--file" -> file = Path.of(value);
        case "--replSet" -> throw new IllegalArgumentException(
            "no replica sets in the Mongo-wire stand-in; connect without ?replicaSet= (--replSet " + value + ")");
        default -> throw new IllegalArgumentException("unknown argument " + name + "; usage: [--host H] [--port P] [--file F]");
      }
    }
    return EmbeddedMongo.builder().host(host).port(port).file(file).start();
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be 0..65535, got " + value);
  }
}
