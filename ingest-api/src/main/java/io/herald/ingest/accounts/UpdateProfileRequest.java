package io.herald.ingest.accounts;

/**
 * {@code PATCH /v1/users/me}: every field optional. Changing the e-mail or the password also needs
 * {@code currentPassword}, so a stolen access token alone cannot take the account over.
 */
public record UpdateProfileRequest(String displayName, String email, String password, String currentPassword) {}
