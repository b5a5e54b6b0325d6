/**
 * Which chat deliveries this gateway reads: all of {@code inbox}, or only its slot of
 * {@code inbox-routes} (docs/architecture.md, "Routing deliveries to the gateway that holds the user").
 */
package io.herald.gateway.routing;
