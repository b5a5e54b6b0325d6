package io.herald.kafka;

import java.util.concurrent.Executor;

/**
 * The Netty event loop the current thread runs, if it runs one ({@code null} otherwise, or without
 * Netty on the class path). A result handed back to it is written by WebFlux on that loop without a
 * further hand-off (Netty writes from any other thread by queueing a task to the channel's loop).
 * Reads Netty's {@code ThreadExecutorMap}, which every Netty event-loop thread registers itself in.
 */
final class CallerEventLoop {

  private static final boolean NETTY = present();

  private CallerEventLoop() {}

  static Executor current() {
    return NETTY ? Netty.current() : null;
  }

  private static boolean present() {
    try {
      Class.forName("io.netty.util.internal.ThreadExecutorMap", false, CallerEventLoop.class.getClassLoader());
      Class.forName("io.netty.channel.EventLoop", false, CallerEventLoop.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only when Netty is there. */
  private static final class Netty {
    static Executor current() {
      io.netty.util.concurrent.EventExecutor executor = io.netty.util.internal.ThreadExecutorMap.currentExecutor();
      return executor instanceof io.netty.channel.EventLoop loop ? loop : null;
    }
  }
}
