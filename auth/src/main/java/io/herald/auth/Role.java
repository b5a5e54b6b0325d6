package io.herald.auth;

/** What an account is allowed to do: customers post, merchants also watch their shops. */
public enum Role {
  CUSTOMER, MERCHANT;

  public String claim() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Role fromClaim(String value) {
    return Role.valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
