package io.herald.ingest.shops;

import java.util.regex.Pattern;

/** The shape of a shop id, shared by paths, merchant accounts and ticket scopes. */
public final class ShopIds {

  private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private ShopIds() {}

  public static boolean isValid(String shopId) {
    return shopId != null && SHOP_ID.matcher(shopId).matches();
  }

  public static final String RULE = "must match [A-Za-z0-9_-]{1,64}";
}
