package io.herald.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this gateway's chat reader finds the deliveries of its users ({@code herald.gateway.chat.routing.*}).
 *
 * @param mode {@code all}: read every partition of {@code inbox} and skip the users not connected
 *     here (no extra hop; right for one gateway, fine for a few). {@code routed}: read only this
 *     gateway's slot of {@code inbox-routes}, which the routing topology fills with the deliveries of
 *     the users whose sessions announced that slot (one hop more, read load split across gateways);
 *     needs presence publishing on and the processors' routing topology running
 * @param slot the route slot in routed mode: this gateway reads partition {@code slot mod
 *     partitions} of {@code inbox-routes}; give each gateway its own (0, 1, 2, …) so no two share a
 *     partition. -1: derived from the host name (replicas of one service need no per-instance
 *     setting; two may then share a partition, which costs reads, not correctness)
 * @param group routed mode: the processors' routing topology's consumer group (its
 *     {@code herald.processors.routing.application-id}); the gateway's health is DOWN while it has no
 *     member, since no routed delivery reaches this gateway then
 */
@ConfigurationProperties("herald.gateway.chat.routing")
public record ChatRoutingProperties(
    @DefaultValue("all") Mode mode,
    @DefaultValue("-1") int slot,
    @DefaultValue("herald-routing") String group) {

  public enum Mode { ALL, ROUTED }

  public ChatRoutingProperties {
    if (slot < -1) {
      throw new IllegalArgumentException("herald.gateway.chat.routing.slot must be -1 (derived) or a slot >= 0");
    }
  }
}
