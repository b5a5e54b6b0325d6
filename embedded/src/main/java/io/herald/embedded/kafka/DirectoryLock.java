package io.herald.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive OS file lock on {@code <dir>/.herald-broker.lock}, held while a broker uses the directory. */
final class DirectoryLock implements AutoCloseable {

  static final String FILE = ".herald-broker.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Fails with "Failed to acquire lock …" when another broker, in this process or another, holds it. */
  static DirectoryLock acquire(Path dir) {
    Path file = dir.resolve(FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalStateException(refusal(dir, "another process"));
      }
      return new DirectoryLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      close(channel);
      throw new IllegalStateException(refusal(dir, "another broker in this process"), e);
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException("cannot lock " + file, e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  private static String refusal(Path dir, String holder) {
    return "Failed to acquire lock on " + dir + ": the directory is in use by " + holder;
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing held
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close below releases it too
    }
    close(channel);
  }
}
