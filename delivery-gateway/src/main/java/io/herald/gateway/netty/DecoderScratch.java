package io.herald.gateway.netty;

import io.herald.auth.web.ReactorNettyRequests;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.netty.Connection;

/**
 * Gives back the HTTP request decoder's line buffer of a connection that reads no more requests for
 * a long time (a live SSE stream).
 *
 * <p>Netty's HTTP/1.1 decoder copies each request line and header line into one scratch buffer,
 * which grows (by powers of two) to the longest line it has seen and never shrinks. A client that
 * sends its token in an {@code Authorization} header (an RS256 JWT: a line of ~1.1 kB) leaves a
 * 2 kB array there for as long as its connection lives: 11 % of what a live SSE stream holds
 * (docs/benchmarks.md, session 15). Netty has no setting for it and no API to reach the buffer, so
 * this reaches it by reflection — {@code HttpObjectDecoder.parserScratchBuffer} of Netty 4.2, checked
 * by {@code DecoderScratchTest} against the version the build pins — and sets its capacity back, on
 * the connection's event loop, in a task of its own (between two decodes: every line is copied in
 * afresh, and nothing decoded refers to the buffer). The next long line grows it again. Where the
 * field is not there (another Netty), {@link #trim} does nothing and says so once.
 */
public final class DecoderScratch {

  /** What the buffer is set back to: Netty's default initial size is 128; most lines fit in 256. */
  static final int TRIMMED_CAPACITY = 256;

  private static final Logger log = LoggerFactory.getLogger(DecoderScratch.class);
  private static final MethodHandle INBOUND_HANDLER; // CombinedChannelDuplexHandler.inboundHandler()
  private static final VarHandle SCRATCH; // HttpObjectDecoder.parserScratchBuffer

  static {
    MethodHandle inbound = null;
    VarHandle scratch = null;
    try {
      inbound = MethodHandles.privateLookupIn(CombinedChannelDuplexHandler.class, MethodHandles.lookup())
          .findVirtual(CombinedChannelDuplexHandler.class, "inboundHandler", MethodType.methodType(ChannelInboundHandler.class));
      scratch = MethodHandles.privateLookupIn(HttpObjectDecoder.class, MethodHandles.lookup())
          .findVarHandle(HttpObjectDecoder.class, "parserScratchBuffer", ByteBuf.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.info("HTTP decoder buffers of live streams are not trimmed (this Netty has no {}): {}",
          "HttpObjectDecoder.parserScratchBuffer", e.toString());
      inbound = null;
      scratch = null;
    }
    INBOUND_HANDLER = inbound;
    SCRATCH = scratch;
  }

  private DecoderScratch() {}

  /** Whether this Netty's decoder buffer can be reached. */
  static boolean available() {
    return SCRATCH != null;
  }

  /** Trims the scratch buffer of the connection under {@code request}; nothing for mocks or other servers. */
  public static void trim(ServerHttpRequest request) {
    if (SCRATCH == null) {
      return;
    }
    ReactorNettyRequests.of(request).ifPresent(netty -> {
      if (netty instanceof Connection c) {
        trim(c.channel());
      }
    });
  }

  /** Trims it later, on the channel's event loop, in a task of its own. */
  static void trim(Channel channel) {
    if (SCRATCH == null) {
      return;
    }
    channel.eventLoop().execute(() -> {
      ByteBuf scratch = scratchOf(channel);
      if (scratch != null && scratch.refCnt() > 0 && scratch.capacity() > TRIMMED_CAPACITY) {
        scratch.capacity(TRIMMED_CAPACITY);
      }
    });
  }

  /** The decoder's scratch buffer, or null when the channel has no HTTP server codec (upgraded, closed). */
  static ByteBuf scratchOf(Channel channel) {
    HttpServerCodec codec = channel.pipeline().get(HttpServerCodec.class);
    if (codec == null || SCRATCH == null) {
      return null;
    }
    try {
      return (ByteBuf) SCRATCH.get((HttpObjectDecoder) (ChannelInboundHandler) INBOUND_HANDLER.invoke(codec));
    } catch (Throwable e) {
      log.debug("decoder buffer not reached: {}", e.toString());
      return null;
    }
  }
}
