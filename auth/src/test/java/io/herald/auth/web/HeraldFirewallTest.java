package io.herald.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

class HeraldFirewallTest {

  private static void sameAsSpring(Predicate<String> ours, Predicate<String> spring) {
    List<String> samples = new ArrayList<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      String one = String.valueOf((char) c);
      samples.add(one);
      samples.add("Bearer abc" + one);
      samples.add(one + "x-request-id");
    }
    samples.add(null);
    samples.add("");
    samples.add("application/json; charset=utf-8");
    samples.add("caf\u00e9\ttab");
    samples.add("emoji \uD83D\uDE00 pair");
    samples.add("lone surrogate \uD83D");
    samples.add("line\r\nbreak");
    for (String s : samples) {
      assertThat(ours.test(s)).as("%s", s == null ? "null" : s.codePoints().mapToObj(Integer::toHexString).toList())
          .isEqualTo(spring.test(s));
    }
  }

  @Test
  void headerNamesAndValuesAndParameterNamesAreJudgedAsSpringJudgesThem() {
    sameAsSpring(HeraldFirewall.HEADER_NAMES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
    sameAsSpring(HeraldFirewall.HEADER_VALUES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
    sameAsSpring(HeraldFirewall.PARAMETER_NAMES, StrictServerWebExchangeFirewall.ALLOWED_PARAMETER_NAMES);
  }

  @Test
  void controlCharactersAreRefusedAndTabOnlyInValues() {
    assertThat(HeraldFirewall.HEADER_VALUES.test("a\tb")).isTrue();
    assertThat(HeraldFirewall.HEADER_NAMES.test("a\tb")).isFalse();
    assertThat(HeraldFirewall.HEADER_VALUES.test("a\u007fb")).isFalse();
    assertThat(HeraldFirewall.HEADER_VALUES.test("a\nb")).isFalse();
  }
}
