package io.herald.ingest.web;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies over {@code herald.ingest.limits.max-body-size} with 413: at once when
 * Content-Length says so, otherwise (chunked uploads) as soon as the counted bytes exceed it, so
 * an oversized body is never buffered whole.
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {

  private final long maxBytes;

  BodySizeLimitFilter(LimitSettings limits) {
    this.maxBytes = limits.maxBodySize().toBytes();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    long declared = request.getHeaders().getContentLength();
    if (declared > maxBytes) {
      return Mono.error(new PayloadTooLargeException(null));
    }
    ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        AtomicLong seen = new AtomicLong();
        return super.getBody().handle((buffer, sink) -> {
          if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
            org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
            sink.error(new PayloadTooLargeException(null));
          } else {
            sink.next(buffer);
          }
        });
      }
    };
    return chain.filter(exchange.mutate().request(counted).build());
  }
}
