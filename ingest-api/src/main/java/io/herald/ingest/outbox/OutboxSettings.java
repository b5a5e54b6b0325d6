package io.herald.ingest.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay ({@code herald.ingest.outbox.*}).
 *
 * @param sweepInterval how often pending entries left behind (crash, broker outage) are retried;
 *     also swept once at start-up
 * @param sweepGrace a sweep only takes entries at least this old, leaving fresh ones to the relay
 *     that runs right after each write (fewer duplicate sends across instances)
 * @param sweepBatch documents taken per sweep
 * @param sweepConcurrency documents relayed in parallel by a sweep
 * @param maxRunningRelays post-write relays running at once; beyond it, writes leave their entries
 *     to the next sweep rather than queueing without bound
 */
@ConfigurationProperties("herald.ingest.outbox")
public record OutboxSettings(
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("2s") Duration sweepGrace,
    @DefaultValue("100") int sweepBatch,
    @DefaultValue("4") int sweepConcurrency,
    @DefaultValue("1000") int maxRunningRelays) {}
