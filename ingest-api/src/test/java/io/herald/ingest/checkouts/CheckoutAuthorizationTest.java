package io.herald.ingest.checkouts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.web.problem.ProblemException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CheckoutAuthorizationTest {

  private final HeraldPrincipal customer = new HeraldPrincipal("u1", Role.CUSTOMER, Set.of());
  private final HeraldPrincipal merchantOfB = new HeraldPrincipal("u2", Role.MERCHANT, Set.of("shop-B"));

  @Test
  void customersMayPostToAnyShop() {
    assertThatCode(() -> CheckoutRoutes.authorize(customer, "shop-A")).doesNotThrowAnyException();
  }

  @Test
  void merchantsOnlyToTheirOwnShops() {
    assertThatCode(() -> CheckoutRoutes.authorize(merchantOfB, "shop-B")).doesNotThrowAnyException();
    assertThatThrownBy(() -> CheckoutRoutes.authorize(merchantOfB, "shop-A"))
        .isInstanceOfSatisfying(ProblemException.class, e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
  }
}
