package io.herald.ingest.shops;

import io.herald.auth.HeraldPrincipal;
import io.herald.schemas.topics.TopicSpec;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * One kind of POST to {@code /v1/shops/{shopId}/...}: its body, who may post it, and the event it
 * publishes keyed by the shop id. {@link ShopPosts} turns it into a route.
 *
 * @param path the route, with a {@code {shopId}} variable
 * @param access throws a problem when the caller may not post to the shop
 * @param validator throws a validation problem for a bad body
 * @param timestamp the record's timestamp, from the event
 */
public record ShopPost<B, V>(String path, Class<B> bodyType, Access access, Validator<B> validator,
                             TopicSpec<String, V> topic, EventFactory<B, V> event, Function<V, Instant> timestamp) {

  /** Any signed-in caller may post. */
  public static final Access ANY_CALLER = (caller, shopId) -> { };

  /** Who may post to a shop. */
  @FunctionalInterface
  public interface Access {
    void check(HeraldPrincipal caller, String shopId);
  }

  /** Checks a body against the clock's now. */
  @FunctionalInterface
  public interface Validator<B> {
    void validate(B body, Instant now);
  }

  /** The event for an accepted body and the id the idempotency record reserved. */
  @FunctionalInterface
  public interface EventFactory<B, V> {
    V toEvent(UUID eventId, String shopId, HeraldPrincipal caller, B body, Instant now);
  }
}
