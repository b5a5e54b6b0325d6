package io.herald.processors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This service instance's stable name, used as Kafka's {@code group.instance.id} (static
 * membership) by every consumer group it joins. Kept in {@code <state-dir>/herald-instance-id}, so
 * it survives a crash and restart on the same state folder and differs between instances (two
 * instances never share a state folder: Kafka Streams locks it).
 *
 * <p>Why: after a SIGKILL the dead member stays in its groups until its session times out (45 s);
 * a restarted member with a new identity waits for that before it gets any partition, so chat
 * fan-out, receipts and the read model stood still for tens of seconds. A returning static member
 * takes its old place at once, and its transactional producer aborts what the dead one left open.
 */
public final class InstanceIdentity {

  static final String FILE = "herald-instance-id";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private InstanceIdentity() {}

  /** The configured id, else the one stored in the state folder (created on first use). */
  public static String resolve(String configured, Path stateDir) {
    if (configured != null && !configured.isBlank()) {
      return valid(configured.strip());
    }
    Path file = stateDir.resolve(FILE);
    try {
      Files.createDirectories(stateDir);
      if (Files.exists(file)) {
        return valid(Files.readString(file, StandardCharsets.UTF_8).strip());
      }
      String id = "herald-" + UUID.randomUUID();
      try {
        Files.writeString(file, id, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return id;
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        return valid(Files.readString(file, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the instance id in " + file, e);
    }
  }

  private static String valid(String id) {
    if (!VALID.matcher(id).matches()) {
      throw new IllegalArgumentException("herald.processors.instance-id must match " + VALID + ", got '" + id + "'");
    }
    return id;
  }
}
