package io.herald.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A socket's pending presence news: once per contact, in order of change, rendered when sent. */
class PresenceOutboxTest {

  @Test
  void repeatedChangesOfAContactAreSentOnceInTheOrderTheyFirstChanged() {
    PresenceOutbox outbox = new PresenceOutbox();
    outbox.mark("bob");
    outbox.mark("cyd");
    outbox.mark("bob");
    outbox.mark("bob");

    try (Frames frames = Frames.of(outbox)) {
      assertThat(frames.next()).isEqualTo("bob");
      assertThat(frames.next()).isEqualTo("cyd");
      outbox.mark("end");
      assertThat(frames.next()).as("no second bob before the marker").isEqualTo("end");
    }
  }

  @Test
  void aFrameCarriesTheStateCurrentWhenItIsSentNotWhenItWasMarked() {
    Map<String, String> states = new ConcurrentHashMap<>(Map.of("bob", "online"));
    PresenceOutbox outbox = new PresenceOutbox();
    outbox.mark("bob");
    states.put("bob", "offline"); // changed again while the socket was busy

    try (Frames frames = new Frames(outbox.frames(user -> user + ":" + states.get(user)))) {
      assertThat(frames.next()).isEqualTo("bob:offline");
      states.put("bob", "online");
      outbox.mark("bob");
      assertThat(frames.next()).isEqualTo("bob:online");
    }
  }
}
