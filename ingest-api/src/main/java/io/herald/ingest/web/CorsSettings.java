package io.herald.ingest.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser origins allowed to call the API ({@code herald.ingest.cors.allowed-origins}); the
 * gateway serves the dashboard page, so its origin is allowed by default.
 */
@ConfigurationProperties("herald.ingest.cors")
public record CorsSettings(@DefaultValue({"http://localhost:8082", "http://127.0.0.1:8082"}) List<String> allowedOrigins) {}
