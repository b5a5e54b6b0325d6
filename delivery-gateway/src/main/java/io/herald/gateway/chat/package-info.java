/**
 * Chat over WebSocket ({@code /v1/ws}): live deliveries, receipts, sends, and reconnect catch-up.
 *
 * <p><b>Routing and scale-out.</b> Every gateway reads ALL of {@code inbox} (key = recipient) and
 * {@code delivery-state} (key = conversation) with one consumer per topic ({@link
 * io.herald.gateway.kafka.TopicTail}: manual assignment of every partition, from the end,
 * {@code read_uncommitted}, no group, nothing committed) and keeps only what concerns its own
 * connected users ({@link io.herald.gateway.chat.ConnectionRegistry}); inbox records of other users
 * are skipped without decoding. So a delivery reaches whichever gateway holds the recipient's
 * socket(s) with no routing table, and a user may have devices on several gateways. Cost: each
 * gateway reads the whole inbox (about 1 KB per delivery), fine at 1× and 10×. At 100× the
 * path is a per-gateway topic: gateways publish which users they hold (a compacted routing table
 * keyed by user, fed from the presence events they already emit), a small Streams job joins
 * {@code inbox} with it and re-keys each delivery to {@code inbox.gw-<id>}, and each gateway reads
 * only its own topic; catch-up from the read model covers the moments a user moves.
 *
 * <p><b>Catch-up.</b> On connect the socket registers for live items FIRST (they wait in its
 * bounded buffer), then, after the optional {@code hello} (or {@code helloTimeout}), reads each of
 * the user's conversations from the read model after the {@code hello.resume} seq, else after the
 * user's delivered cursor, page by page in seq order, and only then drains the buffer. Per
 * conversation the last emitted seq drops duplicates; a seq that jumps ahead pulls the gap from
 * the read model with bounded retries ({@link io.herald.gateway.chat.Sequencer}). A second pass
 * {@code settleDelay} later catches what the projector had not written at connect time (from
 * {@code inbox} when the projector is behind or stalled: {@link io.herald.gateway.chat.InboxRecall}).
 *
 * <p><b>Back-pressure.</b> Live items wait in a bounded per-connection buffer
 * ({@code outboundBuffer}, 512); catch-up pulls from MongoDB only as fast as the client reads;
 * replies wait behind the socket's writability, and with {@code maxCommandsInFlight} commands
 * pending the gateway stops reading the socket. A client that falls behind by more than the
 * buffer is closed with 1013 and resumes by seq: the read model, not gateway memory, is the
 * backlog. Receipts coalesce to the newest snapshot per conversation.
 *
 * <p><b>Other features.</b> A {@link io.herald.gateway.chat.ChatObserver} bean (presence) hears every
 * socket's open and close and the members named by {@code delivery-state}, and adds its own frames to
 * each socket; this package knows nothing else about it.
 */
package io.herald.gateway.chat;
