package io.herald.gateway.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecoderScratchTest {

  private static final String TOKEN = "Bearer " + "x".repeat(1_100); // an RS256 JWT's length

  @Test
  void theNettyTheBuildPinsHasTheDecoderBufferThisReaches() {
    assertThat(DecoderScratch.available())
        .as("Netty's HttpObjectDecoder.parserScratchBuffer is gone: live SSE streams keep 2 kB more each")
        .isTrue();
  }

  @Test
  void aLongHeaderLineGrowsTheBufferAndTrimmingGivesItBackBetweenRequests() {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec());
    assertThat(decodedAuthorization(channel, TOKEN)).isEqualTo(TOKEN);
    assertThat(DecoderScratch.scratchOf(channel).capacity()).as("grown to the token's line").isGreaterThanOrEqualTo(1_100);

    DecoderScratch.trim(channel);
    assertThat(DecoderScratch.scratchOf(channel).capacity()).as("not inside the current task").isGreaterThan(1_000);
    channel.runPendingTasks();

    assertThat(DecoderScratch.scratchOf(channel).capacity()).isEqualTo(DecoderScratch.TRIMMED_CAPACITY);
    String longer = TOKEN + "y".repeat(900);
    assertThat(decodedAuthorization(channel, longer)).as("the next request decodes whole").isEqualTo(longer);
    channel.finishAndReleaseAll();
  }

  @Test
  void aChannelWithoutAnHttpCodecIsLeftAlone() {
    EmbeddedChannel channel = new EmbeddedChannel();
    DecoderScratch.trim(channel);
    channel.runPendingTasks();
    assertThat(DecoderScratch.scratchOf(channel)).isNull();
    channel.finishAndReleaseAll();
  }

  private static String decodedAuthorization(EmbeddedChannel channel, String authorization) {
    String request = "GET /v1/shops/s1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
        + "\r\nAccept: text/event-stream\r\n\r\n";
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    Object first = channel.readInbound();
    try {
      assertThat(first).isInstanceOf(HttpRequest.class);
      return ((HttpRequest) first).headers().get("Authorization");
    } finally {
      ReferenceCountUtil.release(first);
      Object rest;
      while ((rest = channel.readInbound()) != null) {
        ReferenceCountUtil.release(rest);
      }
    }
  }
}
