package io.herald.ingest.web;

import com.mongodb.MongoException;
import io.herald.web.problem.Problem;
import io.herald.web.problem.ProblemRenderer;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.KafkaException;

/** The ingest API's problem+json: MongoDB, Kafka and a full worker pool are "unavailable" (503). */
public final class Problems {

  public static final ProblemRenderer RENDERER = new ProblemRenderer(
      e -> "missing or invalid access token: " + e.getMessage(),
      e -> e instanceof MongoException || e instanceof KafkaException || e instanceof RejectedExecutionException
          || e instanceof java.util.concurrent.TimeoutException);

  private Problems() {}

  public static Problem of(Throwable error) {
    return RENDERER.problem(error);
  }
}
