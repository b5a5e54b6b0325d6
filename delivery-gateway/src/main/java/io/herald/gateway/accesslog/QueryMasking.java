package io.herald.gateway.accesslog;

import java.util.Set;

/**
 * Hides query parameter values in logged URIs: tickets travel in query strings (EventSource cannot
 * send headers), and a logged ticket is a usable credential until it expires. Only parameters known
 * to be harmless keep their values.
 */
final class QueryMasking {

  private static final Set<String> VISIBLE = Set.of("lastMinutes", "lastEventId", "deviceId", "limit", "before");
  static final String MASK = "***";

  private QueryMasking() {}

  static String mask(CharSequence uri) {
    String s = String.valueOf(uri);
    int q = s.indexOf('?');
    if (q < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, q + 1);
    String[] params = s.substring(q + 1).split("&", -1);
    for (int i = 0; i < params.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      int eq = params[i].indexOf('=');
      String name = eq < 0 ? params[i] : params[i].substring(0, eq);
      out.append(name);
      if (eq >= 0) {
        out.append('=').append(VISIBLE.contains(name) ? params[i].substring(eq + 1) : MASK);
      }
    }
    return out.toString();
  }
}
