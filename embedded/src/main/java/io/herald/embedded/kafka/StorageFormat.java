package io.herald.embedded.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * What {@code kafka-storage.sh format} does, in-process and idempotently: a directory that is
 * already formatted is left alone, so a restart on the same directory keeps its cluster id and
 * all topics and records.
 */
final class StorageFormat {

  private StorageFormat() {}

  /**
   * Formats {@code dataDir} if it has no {@code meta.properties} yet and returns the directory's
   * cluster id (the existing one, else {@code wantedClusterId}, else a fresh random one).
   */
  static String ensureFormatted(String dataDir, int nodeId, String controllerListener,
                                Optional<String> wantedClusterId) throws Exception {
    MetaPropertiesEnsemble ensemble = new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(dataDir)).load();
    Optional<MetaProperties> existing = Optional.ofNullable(ensemble.logDirProps().get(dataDir));
    if (existing.isPresent()) {
      String clusterId = existing.get().clusterId()
          .orElseThrow(() -> new IllegalStateException(dataDir + "/meta.properties has no cluster.id"));
      wantedClusterId.filter(id -> !id.equals(clusterId)).ifPresent(id -> {
        throw new IllegalStateException(dataDir + " belongs to cluster " + clusterId + ", not " + id);
      });
      return clusterId;
    }
    String clusterId = wantedClusterId.orElseGet(() -> Uuid.randomUuid().toString());
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream())) // it narrates to stdout
        .setNodeId(nodeId)
        .setClusterId(clusterId)
        .setDirectories(List.of(dataDir))
        .setMetadataLogDirectory(dataDir)
        .setControllerListenerName(controllerListener)
        // Static quorum (controller.quorum.voters): no voter set is written to the log, so a
        // restart may use a different controller port.
        .setHasDynamicQuorum(false)
        .run();
    return clusterId;
  }
}
