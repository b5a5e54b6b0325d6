package io.herald.ingest.accounts;

import java.util.List;

/** An account as the API shows it to its owner. */
public record UserView(String userId, String email, String displayName, String role, List<String> shopIds) {}
