package io.herald.gateway.accesslog;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.server.logging.AccessLog;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/**
 * The server's access log, always in this masked format: it also replaces reactor-netty's own
 * (enabled by {@code -Dreactor.netty.http.server.accessLogEnabled}), which would log tickets.
 */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

  private static final String FORMAT = "{} - {} [{}] \"{} {} {}\" {} {} {}ms";

  @Bean
  NettyServerCustomizer maskedAccessLog(AccessLogProperties props) {
    return server -> server.accessLog(props.enabled(), AccessLogConfiguration::line);
  }

  static AccessLog line(AccessLogArgProvider a) {
    return AccessLog.create(FORMAT, host(a.remoteAddress()), a.user(), a.zonedDateTime(), a.method(),
        QueryMasking.mask(a.uri()), a.protocol(), a.status(), a.contentLength(), a.duration());
  }

  private static String host(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(address);
  }
}
