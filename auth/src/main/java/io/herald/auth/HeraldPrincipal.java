package io.herald.auth;

import java.util.Set;

/**
 * The verified caller of a request: who they are, their role, and (merchants) the shops they own.
 * Built only from a verified token; never from request parameters.
 */
public record HeraldPrincipal(String userId, Role role, Set<String> shopIds) {

  public HeraldPrincipal {
    shopIds = Set.copyOf(shopIds);
  }

  /** True when this caller may watch the given shop's live stream. */
  public boolean ownsShop(String shopId) {
    return role == Role.MERCHANT && shopIds.contains(shopId);
  }
}
