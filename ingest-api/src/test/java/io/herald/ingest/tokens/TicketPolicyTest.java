package io.herald.ingest.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.web.problem.ProblemException;
import io.herald.web.problem.ValidationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketPolicyTest {

  private final HeraldPrincipal merchant = new HeraldPrincipal("m", Role.MERCHANT, Set.of("A"));
  private final HeraldPrincipal customer = new HeraldPrincipal("c", Role.CUSTOMER, Set.of());

  @Test
  void merchantsGetTicketsForTheirOwnShopsOnly() {
    assertThat(TicketPolicy.authorize(merchant, "shop:A")).isEqualTo("shop:A");
    assertThatThrownBy(() -> TicketPolicy.authorize(merchant, "shop:B")).isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> TicketPolicy.authorize(customer, "shop:A")).isInstanceOf(ProblemException.class);
  }

  @Test
  void anyoneGetsAWebSocketTicket() {
    assertThat(TicketPolicy.authorize(customer, "ws")).isEqualTo("ws");
  }

  @Test
  void otherScopesAreBadRequests() {
    for (String bad : new String[] {null, "", "admin", "shop:", "shop:a b", "WS"}) {
      assertThatThrownBy(() -> TicketPolicy.authorize(merchant, bad)).as(String.valueOf(bad)).isInstanceOf(ValidationException.class);
    }
  }
}
