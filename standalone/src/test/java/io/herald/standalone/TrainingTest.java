package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The AOT cache is only as good as the paths its training run drives: a short run must actually
 * get checkouts accepted and seen live, and chat messages sent and delivered over WebSockets, with
 * no chat loop ending early (a refused sign-up, a closed socket, a missing conversation). It starts
 * its own platform on throw-away data, as {@code herald --train} does.
 */
class TrainingTest {

  @Test
  void aShortTrainingRunDrivesTheCheckoutAndChatPaths() throws Exception {
    Training.Result r = Training.run(Duration.ofSeconds(5));
    assertThat(r.accepted()).as("checkouts accepted").isPositive();
    assertThat(r.liveEvents()).as("events seen on the dashboards").isPositive();
    assertThat(r.chatSent()).as("chat messages sent").isPositive();
    assertThat(r.chatReceived()).as("chat messages delivered to the training sockets").isPositive();
    assertThat(r.chatFailed()).as("chat loops that ended early").isZero();
  }
}
