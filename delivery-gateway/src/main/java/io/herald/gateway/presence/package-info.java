/**
 * Presence on the gateway: publishing who is connected here, and showing users their contacts'
 * presence. The presence processor (stream-processors, {@code PresenceTopology}) turns what the
 * gateways publish into {@code presence-state}.
 *
 * <p><b>Publishing</b> ({@link io.herald.gateway.presence.PresencePublisher}, {@link
 * io.herald.gateway.presence.PresenceEmitter}). Gateway id {@code gw-<name>-<random>}, one per
 * incarnation. A chat socket's open sends CONNECTED (key user_id, its own session id and device id),
 * its close for any reason sends DISCONNECTED. Liveness is ONE {@code GatewayHeartbeat} per
 * {@code heartbeat-interval} for all sessions, so idle users cost Kafka nothing. Sockets hand events
 * to a bounded queue; one thread sends them (acks=all, idempotent, keyed per the catalog).
 *
 * <p><b>Outage.</b> When a heartbeat gets through after more than 2 intervals without one (the
 * processor may have expired the sessions), or after a session event was lost, the gateway takes a
 * new id and re-sends CONNECTED for every session it holds; the old id's leftovers expire.
 *
 * <p><b>Shutdown.</b> After the chat sockets were told to close, DISCONNECTED for every session still
 * held, bounded by {@code shutdown-timeout}.
 *
 * <p><b>Table</b> ({@link io.herald.gateway.presence.PresenceTable}). One {@code presence-state}
 * reader per gateway reads the compacted topic from the beginning, then live; at most
 * {@code max-tracked-users}, evicting the least recently changed offline users first.
 *
 * <p><b>Contacts</b> ({@link io.herald.gateway.presence.ContactIndex}). Per user connected here:
 * contacts from the read model at their first socket and every {@code contacts-refresh}, plus at once
 * the members named by {@code delivery-state} records; a reverse index contact → watchers routes each
 * change to the sockets that follow it ({@link io.herald.gateway.presence.PresenceOutbox}: coalesced,
 * newest state, bounded by contacts).
 *
 * <p><b>Endpoint.</b> {@code GET /v1/users/{userId}/presence} for oneself and contacts; 404 otherwise.
 */
package io.herald.gateway.presence;
