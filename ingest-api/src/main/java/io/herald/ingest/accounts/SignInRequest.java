package io.herald.ingest.accounts;

/**
 * {@code POST /v1/sessions}.
 *
 * @param device optional name of the signing-in device as the user will see it in their sessions list
 */
public record SignInRequest(String email, String password, String device) {}
