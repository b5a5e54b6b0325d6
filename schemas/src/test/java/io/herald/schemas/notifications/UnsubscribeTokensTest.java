package io.herald.schemas.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {

  private final UnsubscribeTokens tokens = new UnsubscribeTokens("a-secret-of-at-least-thirty-two-bytes!!");

  @Test
  void aSignedTokenNamesItsUser() {
    assertThat(tokens.verify(tokens.sign("user-1"))).contains("user-1");
  }

  @Test
  void forgedTamperedOrForeignTokensAreRefused() {
    String good = tokens.sign("user-1");
    String otherUser = tokens.sign("user-2");
    String swapped = otherUser.substring(0, otherUser.indexOf('.')) + good.substring(good.indexOf('.'));
    assertThat(tokens.verify(swapped)).isEmpty();
    assertThat(tokens.verify(good.substring(0, good.length() - 2) + "AA")).isEmpty();
    assertThat(new UnsubscribeTokens("another-secret-of-at-least-thirty-two-bytes").verify(good)).isEmpty();
    assertThat(tokens.verify("no-dot")).isEmpty();
    assertThat(tokens.verify("a.b.c")).isEmpty();
    assertThat(tokens.verify("%%%.%%%")).isEmpty();
    assertThat(tokens.verify(null)).isEmpty();
  }

  @Test
  void shortSecretsAreRefused() {
    assertThatThrownBy(() -> new UnsubscribeTokens("short")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UnsubscribeTokens(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
