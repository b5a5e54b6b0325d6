package io.herald.gateway.chat;

import static org.awaitility.Awaitility.await;

import io.herald.gateway.GatewayIntegrationTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A gateway on the real broker whose chat projector is a {@link StoppedProjector} (offsets only, no
 * member), with the read model the tests write, and what its inbox recall has seen.
 */
abstract class ProjectorStallTestBase extends GatewayIntegrationTestBase {

  protected final ChatTestData readModel = new ChatTestData(DATABASE);
  protected final StoppedProjector projector = new StoppedProjector();

  @Autowired
  protected MeterRegistry meters;

  @Autowired
  private InboxRecall recall;

  @AfterEach
  void cleanUp() throws Exception {
    projector.close();
    readModel.close();
  }

  /** The recall's watch has read these committed offsets (it polls; the next decisions rest on them). */
  protected void awaitWatchSaw(Map<Integer, Long> committed) {
    await().atMost(Duration.ofSeconds(10)).alias("the recall's watch saw the committed offsets " + committed)
        .until(() -> committed.entrySet().stream().allMatch(e -> recall.committedSeen(e.getKey()) == e.getValue()));
  }

  protected double recalls(String outcome) {
    return meters.get("herald.gateway.chat.recalls").tag("outcome", outcome).counter().count();
  }
}
