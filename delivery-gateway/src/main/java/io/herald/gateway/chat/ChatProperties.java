package io.herald.gateway.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The chat WebSocket's limits and timings; each bound has a stated overflow policy.
 *
 * @param maxConnectionsPerUser open sockets per user on one gateway; a new one beyond it closes the
 *     user's OLDEST with 4008 (a phone that changed network must get in even while its old,
 *     half-open socket still counts)
 * @param maxConnections open sockets per gateway; handshakes beyond it get 503 with Retry-After
 * @param maxFrameSize largest inbound frame (after reassembling fragments); bigger closes with 1009
 * @param outboundBuffer live frames (messages, receipts) one connection may hold while its client
 *     reads slowly or its catch-up runs; on overflow the connection closes with 1013 and the client
 *     reconnects and resumes by seq (the read model is the backlog, not gateway memory)
 * @param inboundRate inbound frames per second per connection (token bucket refill)
 * @param inboundBurst token bucket size: frames a client may send at once
 * @param rateLimitStrikes consecutive frames refused with {@code rate_limited} before the
 *     connection is closed with 1008
 * @param maxCommandsInFlight sends/receipts of one connection processed at once; beyond it the
 *     gateway stops reading the socket (TCP back-pressure), it does not queue
 * @param commandTimeout a send or receipt that takes longer is answered with {@code internal}
 * @param heartbeat interval of the server's WebSocket ping frames (clients and browsers answer pong)
 * @param idleTimeout a connection from which nothing (frame, ping, pong) arrived this long is closed
 *     with 1001
 * @param helloTimeout how long catch-up waits for a first {@code hello} frame before using the
 *     delivered cursors
 * @param catchUpPage messages per read-model query during catch-up and gap fills (at most the read
 *     model's page limit, 100)
 * @param gapRetries re-reads of the read model when a seq is missing (projector lag) before moving
 *     on without it; the read model trails by up to the conversation topology's commit interval (1 s)
 * @param gapBackoff first pause between those re-reads, doubled each time (50 ms → ~3 s in all)
 * @param settleDelay after catch-up, one more pass over the read model this much later picks up
 *     messages the projector had not written yet when the connection opened, or reads them back from
 *     {@code inbox} when the projector is behind or stalled; longer than {@code recallStall} plus
 *     {@code recallPollInterval}, so that a projector killed just before the socket connected is known
 *     as stalled by then; 0 disables it
 * @param maxTrackedConversations per-connection seq cursors kept (least recently used evicted)
 * @param readyTimeout how long a handshake waits for the shared Kafka readers to be positioned
 * @param retryAfter the Retry-After of a 503 handshake
 * @param membershipCache conversations whose membership the gateway keeps in memory (fed by
 *     {@code delivery-state}; least recently used evicted), so sends and receipts skip MongoDB
 * @param recentSends sends this gateway remembers to answer retries without MongoDB (least recently
 *     used evicted; a forgotten retry still gets the same message id and the topology drops the repeat)
 * @param recallPollInterval how often the gateway reads the chat projector's committed offsets on {@code inbox}
 * @param recallStall a projector partition whose committed offset stays behind the end this long is
 *     stalled: a socket connecting meanwhile also gets its deliveries from {@code inbox} since that offset
 * @param recallMaxRecords inbox records read at most for one such recall
 * @param recallMaxPending recalls waiting for the one recall reader at most (beyond: skipped, counted)
 * @param reauthGrace after the access token expires and the server sends {@code reauth}, how long the
 *     client has to answer with a fresh token before the socket closes with 4001
 */
@ConfigurationProperties("herald.gateway.chat")
public record ChatProperties(
    @DefaultValue("8") int maxConnectionsPerUser,
    @DefaultValue("10000") int maxConnections,
    @DefaultValue("16KB") DataSize maxFrameSize,
    @DefaultValue("512") int outboundBuffer,
    @DefaultValue("20") int inboundRate,
    @DefaultValue("40") int inboundBurst,
    @DefaultValue("10") int rateLimitStrikes,
    @DefaultValue("8") int maxCommandsInFlight,
    @DefaultValue("10s") Duration commandTimeout,
    @DefaultValue("20s") Duration heartbeat,
    @DefaultValue("60s") Duration idleTimeout,
    @DefaultValue("200ms") Duration helloTimeout,
    @DefaultValue("100") int catchUpPage,
    @DefaultValue("6") int gapRetries,
    @DefaultValue("50ms") Duration gapBackoff,
    @DefaultValue("4s") Duration settleDelay,
    @DefaultValue("4096") int maxTrackedConversations,
    @DefaultValue("10s") Duration readyTimeout,
    @DefaultValue("5s") Duration retryAfter,
    @DefaultValue("100000") int membershipCache,
    @DefaultValue("100000") int recentSends,
    @DefaultValue("30s") Duration reauthGrace,
    @DefaultValue("1s") Duration recallPollInterval,
    @DefaultValue("2s") Duration recallStall,
    @DefaultValue("100000") int recallMaxRecords,
    @DefaultValue("64") int recallMaxPending) {

  public ChatProperties {
    if (maxConnectionsPerUser < 1 || maxConnections < 1 || outboundBuffer < 1 || inboundRate < 1 || inboundBurst < 1
        || rateLimitStrikes < 1 || maxCommandsInFlight < 1 || catchUpPage < 1 || gapRetries < 0
        || maxTrackedConversations < 1 || membershipCache < 0 || recentSends < 1
        || reauthGrace.isNegative() || recallMaxRecords < 1 || recallMaxPending < 1
        || recallPollInterval.isZero() || recallPollInterval.isNegative() || recallStall.isNegative()) {
      throw new IllegalArgumentException("herald.gateway.chat limits must be positive");
    }
  }
}
