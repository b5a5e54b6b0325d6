package io.herald.embedded.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.herald.embedded.ListenerOptions;
import io.herald.embedded.QuietLogs;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server in this JVM (mongo-java-server), for the embedded runtime and
 * tests: no {@code mongod} can be installed here. With a {@link Builder#file file} it stores data
 * in an H2 MVStore file and survives restarts; without one it keeps data in memory.
 *
 * <p>On file, every command that changed data is committed to the file before it is answered, so
 * an acknowledged write survives the process being killed (not an OS crash: no fsync per write).
 * H2's default commits in the background about once a second, and a SIGKILL lost the writes of
 * that second although they had been acknowledged: the chat projector, which commits its Kafka
 * offsets after its writes are acknowledged, then never wrote those messages again (found by
 * {@code ChatCrashEndToEndTest}: a hole in the conversation's history after a crash).
 *
 * <p>A new file stores documents and index keys in a compact binary format ({@link StoredValueType});
 * a file written before it keeps working in the legacy format ({@link MongoStorageFormat}).
 *
 * <p>The oplog is off unless {@link Builder#oplog asked for}: Herald uses no change streams, and
 * with it on every write is written twice and the oplog grows without bound (half the server's
 * CPU under the chat bench). TTL indexes expire documents ({@link TtlMonitor}, once a minute), which
 * mongo-java-server alone never does. No transactions. Code that runs against it must stay within what both it and real
 * MongoDB support.
 */
public final class EmbeddedMongo implements AutoCloseable {

  /**
   * The page cache of a file in the compact format: H2's own default. A larger cache costs more than
   * it saves: a page it keeps outlives a young collection, and the page objects that writes and
   * misses replace in it were half of G1's pause time under the chat bench (128 MB: young pauses of
   * ~24 ms, 1.0 s of pauses in 30 s at 100 msg/s; 16 MB: ~17 ms, 0.55 s, the same CPU; a page it
   * misses is cheap to decode in this format).
   */
  public static final int DEFAULT_CACHE_MEGABYTES = 16;
  /**
   * The page cache of a legacy file (documents Java-serialized, {@link MongoStorageFormat}): with
   * 16 MB a third of the server's CPU went into re-reading and deserializing evicted pages.
   */
  static final int LEGACY_CACHE_MEGABYTES = 128;
  /** Between two passes of the TTL monitor: MongoDB's {@code ttlMonitorSleepSecs} default. */
  public static final Duration DEFAULT_TTL_INTERVAL = Duration.ofSeconds(60);

  private final MongoBackend backend;
  private final MongoServer server;
  private final InetSocketAddress address;
  private final TtlMonitor ttl;
  private boolean closed;

  private EmbeddedMongo(Builder b) {
    if (b.quietLogs()) {
      QuietLogs.apply();
    }
    this.backend = b.file == null ? new MemoryBackend()
        : openFile(b);
    this.server = new MongoServer(backend);
    try {
      if (b.oplog) {
        server.enableOplog(); // change streams, with mongo-java-server's known defects (STACK-NOTES)
      }
      server.bind(b.host(), b.port());
    } catch (RuntimeException e) {
      server.shutdownNow();
      throw e;
    }
    this.address = server.getLocalAddress();
    this.ttl = new TtlMonitor(backend, Clock.systemUTC(), b.ttlInterval);
  }

  private static Path prepare(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An in-memory server on a free port of 127.0.0.1. */
  public static EmbeddedMongo start() {
    return builder().start();
  }

  /** {@code mongodb://host:port}, without a database name. */
  public String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  public int port() {
    return address.getPort();
  }

  /** Closes client connections, flushes the H2 file (if any) and stops listening. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ttl.close();
    // shutdown() also closes the backend, which commits and closes the MVStore file.
    server.shutdown();
  }

  /** Options of an embedded Mongo-wire server. */
  public static final class Builder extends ListenerOptions<Builder> {
    private Path file;
    private boolean oplog;
    private int cacheMegabytes; // 0: by the file's format
    private Duration ttlInterval = DEFAULT_TTL_INTERVAL;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** H2 MVStore file to persist to (created if missing); without it, data lives in memory. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file);
      return this;
    }

    /** Keep an oplog so change streams work (off by default: it doubles every write). */
    public Builder oplog(boolean oplog) {
      this.oplog = oplog;
      return this;
    }

    /**
     * The MVStore's page cache (decoded pages kept in memory; least recently used evicted), in MB.
     * A miss reads the page from the file and deserializes it. Default: {@value #DEFAULT_CACHE_MEGABYTES}
     * for a file in the compact format, {@value #LEGACY_CACHE_MEGABYTES} for a legacy one.
     */
    public Builder cacheMegabytes(int megabytes) {
      if (megabytes < 1) {
        throw new IllegalArgumentException("cache must be at least 1 MB, got " + megabytes);
      }
      this.cacheMegabytes = megabytes;
      return this;
    }

    /**
     * How often expired documents are removed by the collections' TTL indexes ({@link TtlMonitor});
     * default {@link #DEFAULT_TTL_INTERVAL}, MongoDB's own period.
     */
    public Builder ttlInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("TTL interval must be positive, got " + interval);
      }
      this.ttlInterval = interval;
      return this;
    }

    public EmbeddedMongo start() {
      return new EmbeddedMongo(this);
    }
  }

  private static CommittingH2Backend openFile(Builder b) {
    MVStore store = new MVStore.Builder().fileName(prepare(b.file).toString())
        .cacheSize(b.cacheMegabytes > 0 ? b.cacheMegabytes : DEFAULT_CACHE_MEGABYTES).open();
    CommittingH2Backend backend = new CommittingH2Backend(store);
    if (b.cacheMegabytes == 0 && !backend.compact()) {
      store.getFileStore().setCacheSize(LEGACY_CACHE_MEGABYTES); // in MB (MVStore.setCacheSize takes KB)
    }
    return backend;
  }

  /** One pass of the TTL monitor as of {@code now}, on the calling thread (tests); the documents removed. */
  int expire(Instant now) {
    return ttl.sweep(now);
  }

  /** The file's store (tests: what H2 holds). */
  MVStore store() {
    return ((H2Backend) backend).getMvStore();
  }

  /** The page cache's size in MB (tests). */
  int cacheMegabytes() {
    return backend instanceof H2Backend h2 ? h2.getMvStore().getCacheSize() : 0;
  }

  /** Whether acknowledged changes are still waiting to reach the file (tests). */
  boolean hasUnsavedChanges() {
    return backend instanceof H2Backend h2 && h2.getMvStore().hasUnsavedChanges();
  }

  /** Whether the file stores collections in the compact format rather than the legacy one (tests). */
  boolean compactStorage() {
    return backend instanceof CompactH2Backend h2 && h2.compact();
  }

  /**
   * Commits the MVStore after every command that changed it, before the answer goes out; commands
   * that finish while a commit runs share the next one (group commit: one commit covers every
   * change applied before it started).
   */
  private static final class CommittingH2Backend extends CompactH2Backend {

    /**
     * Commands that change collections or indexes run alone: mongo-java-server changes its index
     * lists in place, and a query iterating them at the same moment failed with a
     * ConcurrentModificationException ("Unknown error: null" at the client; seen at start, when the
     * services create their indexes while the first sweeps query).
     */
    private static final Set<String> SCHEMA_COMMANDS = Set.of("createIndexes", "dropIndexes", "create", "drop",
        "dropDatabase", "renameCollection");

    private final ReadWriteLock schema = new ReentrantReadWriteLock();
    private final AtomicLong applied = new AtomicLong();
    private final Object commitLock = new Object();
    private long committedThrough; // guarded by commitLock

    CommittingH2Backend(MVStore store) {
      super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      Lock lock = SCHEMA_COMMANDS.contains(command) ? schema.writeLock() : schema.readLock();
      Document answer;
      lock.lock();
      try {
        answer = super.handleCommand(channel, database, command, query);
      } finally {
        lock.unlock();
      }
      if (getMvStore().hasUnsavedChanges()) {
        long mine = applied.incrementAndGet(); // taken after the change is in the store
        synchronized (commitLock) {
          if (committedThrough < mine) {
            long covered = applied.get();
            commit();
            committedThrough = covered;
          }
        }
      }
      return answer;
    }
  }
}
