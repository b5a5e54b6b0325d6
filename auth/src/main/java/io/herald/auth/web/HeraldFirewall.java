package io.herald.auth.web;

import java.util.function.Predicate;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's {@link StrictServerWebExchangeFirewall} with its defaults, its header and
 * parameter-name checks answered without a regular expression for ASCII text. The firewall checks
 * every header name and value each time one is read, by matching
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (values: tab allowed too): 2.5 % of the ingest API's
 * CPU under load went into those matches (JFR, session 11). In ASCII every character is assigned and
 * the control characters are U+0000–U+001F and U+007F, so a loop decides; a string with any other
 * character goes to Spring's own predicate. {@code HeraldFirewallTest} compares both on every
 * character of the Basic Multilingual Plane and on mixed strings.
 */
final class HeraldFirewall {

  static final Predicate<String> HEADER_NAMES = asciiFirst(false, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
  static final Predicate<String> HEADER_VALUES = asciiFirst(true, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
  static final Predicate<String> PARAMETER_NAMES =
      asciiFirst(false, StrictServerWebExchangeFirewall.ALLOWED_PARAMETER_NAMES);

  private HeraldFirewall() {}

  /** The strict firewall with Spring's defaults, header and parameter names checked as above. */
  static StrictServerWebExchangeFirewall create() {
    StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
    firewall.setAllowedHeaderNames(HEADER_NAMES);
    firewall.setAllowedHeaderValues(HEADER_VALUES);
    firewall.setAllowedParameterNames(PARAMETER_NAMES);
    return firewall;
  }

  private static Predicate<String> asciiFirst(boolean tab, Predicate<String> exact) {
    return s -> {
      if (s == null) {
        return true;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          return exact.test(s);
        }
        if (c == 0x7f || c < 0x20 && !(tab && c == '\t')) {
          return false;
        }
      }
      return true;
    };
  }
}
