package io.herald.ingest.accounts;

/** {@code POST /v1/sessions}. */
public record SignInRequest(String email, String password) {}
