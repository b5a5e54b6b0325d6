package io.herald.processors.dlq;

import io.herald.schemas.dlq.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams handler for records that cannot be decoded: the raw record goes to the source
 * topic's {@code .dlq} through Streams' own producer (KIP-1034), and processing continues.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    log.warn("poison record topic={} partition={} offset={} -> {}{}: {}", record.topic(), record.partition(),
        record.offset(), record.topic(), DeadLetters.SUFFIX, exception.toString());
    return Response.resume(List.of(DeadLetters.record(record.topic(), record.partition(), record.offset(),
        record.key(), record.value(), record.headers(), exception, "streams:" + context.processorNodeId())));
  }

  @Override
  public void configure(Map<String, ?> configs) {
    // nothing to configure: the DLQ name derives from the source topic
  }
}
