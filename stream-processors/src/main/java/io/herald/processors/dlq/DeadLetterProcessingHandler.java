package io.herald.processors.dlq;

import io.herald.schemas.dlq.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams handler for a record that decodes but makes a processor throw: its raw source
 * bytes go to the source topic's {@code .dlq} and processing continues. Without it, a thread
 * replaced after the failure would meet the same record again, forever.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    log.warn("processing failed topic={} partition={} offset={} node={} -> {}{}: {}", context.topic(),
        context.partition(), context.offset(), context.processorNodeId(), context.topic(), DeadLetters.SUFFIX,
        exception.toString());
    if (context.topic() == null || context.sourceRawValue() == null) {
      // Punctuation or a record with no source (e.g. from a wall-clock punctuator): nothing to park.
      return Response.resume();
    }
    return Response.resume(List.of(DeadLetters.record(context.topic(), context.partition(), context.offset(),
        context.sourceRawKey(), context.sourceRawValue(), context.headers(), exception,
        "processor:" + context.processorNodeId())));
  }

  @Override
  public void configure(Map<String, ?> configs) {
    // nothing to configure: the DLQ name derives from the source topic
  }
}
