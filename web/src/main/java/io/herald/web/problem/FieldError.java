package io.herald.web.problem;

/** One reason a request was rejected, named by its JSON path (e.g. {@code items[2].quantity}). */
public record FieldError(String field, String message) {}
