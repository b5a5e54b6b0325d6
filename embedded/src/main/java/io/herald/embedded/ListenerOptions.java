package io.herald.embedded;

import java.util.Objects;

/**
 * What every embedded server's builder sets the same way: the address it listens on and whether it
 * turns its own chatter down.
 *
 * @param <B> the builder, returned by each setter
 */
public abstract class ListenerOptions<B extends ListenerOptions<B>> {

  private String host = "127.0.0.1";
  private int port;
  private boolean quietLogs = true;

  protected ListenerOptions() {}

  /** Listening host; default 127.0.0.1. */
  public B host(String host) {
    this.host = Objects.requireNonNull(host);
    return self();
  }

  /** Listening port; 0 (default) picks a free one. Reuse a port to let clients reconnect. */
  public B port(int port) {
    this.port = port;
    return self();
  }

  /** Whether to turn the server's own logging down to WARN (Logback only); default on. */
  public B quietLogs(boolean quietLogs) {
    this.quietLogs = quietLogs;
    return self();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean quietLogs() {
    return quietLogs;
  }

  protected abstract B self();
}
