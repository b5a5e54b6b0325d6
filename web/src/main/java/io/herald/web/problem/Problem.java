package io.herald.web.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/** A problem+json body with the extra response headers it needs (Retry-After, WWW-Authenticate). */
public record Problem(ProblemDetail detail, HttpHeaders headers) {}
