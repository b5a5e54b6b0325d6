package io.herald.ingest.accounts;

/** The account after a claim; {@code claimed} is false when it already owned the shop. */
record ShopClaimResult(Account account, boolean claimed) {}
