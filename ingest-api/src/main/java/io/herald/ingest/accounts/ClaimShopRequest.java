package io.herald.ingest.accounts;

/** {@code POST /v1/users/me/shops}: the shop a merchant claims in addition to its own. */
public record ClaimShopRequest(String shopId) {}
