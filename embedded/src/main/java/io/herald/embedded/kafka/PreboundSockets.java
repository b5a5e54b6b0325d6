package io.herald.embedded.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Binds the listener sockets before the broker starts, so that port 0 resolves to a real port
 * that can be written into the configuration (the controller quorum needs it) without the race
 * of "find a free port, close it, hope nobody takes it". Kafka's socket server then receives the
 * already-bound channels through {@link ServerSocketFactory}.
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

  private final Map<String, ServerSocketChannel> unused = new HashMap<>();

  /** Binds {@code host:port} (0 = any free port) for the listener and returns the bound port. */
  synchronized int bind(String listenerName, String host, int port) throws IOException {
    ServerSocketChannel channel = ServerSocketFactory.INSTANCE.openServerSocket(
        listenerName, new InetSocketAddress(host, port), -1, -1);
    unused.put(listenerName, channel);
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  @Override
  public synchronized ServerSocketChannel openServerSocket(String listenerName, InetSocketAddress address,
                                                           int backlog, int recvBufferSize) throws IOException {
    ServerSocketChannel channel = unused.remove(listenerName);
    // The socket server owns (and closes) the channel from here on.
    return channel != null ? channel
        : ServerSocketFactory.INSTANCE.openServerSocket(listenerName, address, backlog, recvBufferSize);
  }

  /** Closes the sockets the broker never took, e.g. when start-up failed. */
  @Override
  public synchronized void close() {
    for (ServerSocketChannel channel : unused.values()) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing useful to do: the port is released when the process ends anyway.
      }
    }
    unused.clear();
  }
}
