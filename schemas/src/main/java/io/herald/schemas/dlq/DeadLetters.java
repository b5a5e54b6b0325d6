package io.herald.schemas.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter record for a poison record: the original key and value bytes, untouched,
 * on {@code <topic>.dlq} (same partition number, so per-key order is kept), with headers naming
 * where it came from and why it failed.
 */
public final class DeadLetters {

  public static final String SUFFIX = ".dlq";
  public static final String H_TOPIC = "herald.dlq.topic";
  public static final String H_PARTITION = "herald.dlq.partition";
  public static final String H_OFFSET = "herald.dlq.offset";
  public static final String H_EXCEPTION = "herald.dlq.exception";
  public static final String H_MESSAGE = "herald.dlq.message";
  public static final String H_FAILED_AT = "herald.dlq.failed-at";
  public static final String H_STAGE = "herald.dlq.stage";

  private static final int MAX_MESSAGE = 2000;

  private DeadLetters() {}

  public static ProducerRecord<byte[], byte[]> record(String topic, int partition, long offset, byte[] key, byte[] value,
                                                      Headers original, Exception error, String stage) {
    Headers headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    put(headers, H_TOPIC, topic);
    put(headers, H_PARTITION, Integer.toString(partition));
    put(headers, H_OFFSET, Long.toString(offset));
    put(headers, H_EXCEPTION, rootCause(error).getClass().getName());
    put(headers, H_MESSAGE, describe(error));
    put(headers, H_FAILED_AT, Instant.now().toString());
    put(headers, H_STAGE, stage);
    return new ProducerRecord<>(topic + SUFFIX, partition, key, value, headers);
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String describe(Throwable error) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = error; t != null && sb.length() < MAX_MESSAGE; t = t.getCause()) {
      if (!sb.isEmpty()) {
        sb.append(" <- ");
      }
      sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.length() > MAX_MESSAGE ? sb.substring(0, MAX_MESSAGE) : sb.toString();
  }

  private static Throwable rootCause(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
