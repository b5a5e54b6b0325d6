package io.herald.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RouteTableTest {

  private final RouteTable table = new RouteTable(List.of(
      RouteTable.Route.of(HttpMethod.POST, "/v1/checkouts", AccessRule.USER),
      RouteTable.Route.of(HttpMethod.GET, "/v1/shops/{shopId}/stream", AccessRule.MERCHANT),
      RouteTable.Route.of(null, "/v1/shops/**", AccessRule.DENIED),
      RouteTable.Route.of(HttpMethod.GET, "/v1/shops/{shopId}/open", AccessRule.ANONYMOUS),
      RouteTable.Route.of(HttpMethod.GET, "actuator/health/**", AccessRule.ANONYMOUS)));

  @Test
  void theFirstRouteWhoseMethodAndPatternMatchDecides() {
    assertThat(table.ruleFor(MockServerHttpRequest.post("/v1/checkouts").build())).isEqualTo(AccessRule.USER);
    assertThat(table.ruleFor(MockServerHttpRequest.get("/v1/shops/s-1/stream").build())).isEqualTo(AccessRule.MERCHANT);
    // a route for every method; an earlier one wins over a later, more open one
    assertThat(table.ruleFor(MockServerHttpRequest.delete("/v1/shops/s-1/stream").build())).isEqualTo(AccessRule.DENIED);
    assertThat(table.ruleFor(MockServerHttpRequest.get("/v1/shops/s-1/open").build())).isEqualTo(AccessRule.DENIED);
    // a pattern without its leading slash, as Spring Security's matcher takes it
    assertThat(table.ruleFor(MockServerHttpRequest.get("/actuator/health/liveness").build())).isEqualTo(AccessRule.ANONYMOUS);
  }

  @Test
  void nothingMatchingIsDeniedAndNoLooserMatchIsMade() {
    assertThat(table.ruleFor(MockServerHttpRequest.get("/v1/checkouts").build())).isEqualTo(AccessRule.DENIED);
    assertThat(table.ruleFor(MockServerHttpRequest.post("/v1/checkouts/").build())).isEqualTo(AccessRule.DENIED);
    assertThat(table.ruleFor(MockServerHttpRequest.post("/v1/checkouts/x").build())).isEqualTo(AccessRule.DENIED);
    assertThat(table.ruleFor(MockServerHttpRequest.post("/V1/CHECKOUTS").build())).isEqualTo(AccessRule.DENIED);
    assertThat(table.ruleFor(MockServerHttpRequest.get("/").build())).isEqualTo(AccessRule.DENIED);
  }

  @Test
  void aRequestIsOpenWhenAnyAnonymousRouteMatchesWhereverItStands() {
    assertThat(table.isOpen(MockServerHttpRequest.get("/actuator/health").build())).isTrue();
    assertThat(table.isOpen(MockServerHttpRequest.get("/v1/shops/s-1/open").build())).isTrue(); // no credential read
    assertThat(table.isOpen(MockServerHttpRequest.post("/actuator/health").build())).isFalse();
    assertThat(table.isOpen(MockServerHttpRequest.post("/v1/checkouts").build())).isFalse();
  }
}
