package io.herald.processors;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every topology of the service ({@code herald.processors.*}). Settings of one
 * topology live with it (e.g. {@code herald.processors.shop-stats.*}).
 *
 * @param stateDir Kafka Streams state folder (each application.id gets a sub-folder); default
 *     {@code ${user.home}/.herald/streams}, never the OS temp folder (which the OS may clear under a
 *     running instance; Streams warns about it). Point it at a persistent volume so restarts do
 *     not restore stores from the changelogs.
 * @param numStreamThreads stream threads per topology
 * @param commitInterval how often offsets/transactions commit and the record cache flushes, i.e.
 *     the upper bound on how long a coalesced update waits before it is emitted
 * @param closeTimeout how long a clean close of all topologies may take at shutdown; keep it
 *     below {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s)
 * @param topicsTimeout how long start-up waits for the topologies' source and sink topics to exist
 * @param instanceId this instance's {@code group.instance.id} (static membership, see {@link
 *     InstanceIdentity}); default: a random id kept in the state folder
 * @param perTaskMetrics also publish Kafka Streams' meters per task, processor node, topic and state
 *     store (RocksDB's included); off: the client's and each thread's, and dropped records per task
 *     ({@link StreamsMeterDetail})
 */
@ConfigurationProperties("herald.processors")
public record ProcessorsProperties(
    Path stateDir,
    @DefaultValue("1") int numStreamThreads,
    @DefaultValue("100ms") Duration commitInterval,
    @DefaultValue("10s") Duration closeTimeout,
    @DefaultValue("30s") Duration topicsTimeout,
    String instanceId,
    @DefaultValue("false") boolean perTaskMetrics) {

  public ProcessorsProperties {
    if (stateDir == null) {
      stateDir = Path.of(System.getProperty("user.home"), ".herald", "streams");
    }
    if (numStreamThreads < 1) {
      throw new IllegalArgumentException("herald.processors.num-stream-threads must be at least 1");
    }
  }

  /** The configured instance id, or the one kept in the state folder (created on first use). */
  public String resolvedInstanceId() {
    return InstanceIdentity.resolve(instanceId, stateDir);
  }
}
