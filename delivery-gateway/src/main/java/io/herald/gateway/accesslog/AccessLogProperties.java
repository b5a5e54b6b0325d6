package io.herald.gateway.accesslog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param enabled write one line per request to the {@code reactor.netty.http.server.AccessLog} logger */
@ConfigurationProperties("herald.gateway.access-log")
public record AccessLogProperties(@DefaultValue("false") boolean enabled) {}
