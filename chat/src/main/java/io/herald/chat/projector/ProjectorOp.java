package io.herald.chat.projector;

import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/**
 * One decoded record and the write it asks for. Writes of the same conversation run in record
 * order; different conversations run in parallel.
 */
record ProjectorOp(ConsumerRecord<byte[], byte[]> source, String conversationId,
                   Function<ProjectorWrites, Mono<Outcome>> write) {}
