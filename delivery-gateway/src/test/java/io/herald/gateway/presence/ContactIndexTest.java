package io.herald.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contact index routes a change to the sockets of the users who follow it, and only those.
 * "Nothing else arrived" is shown with a marker: an outbox sends in the order of changes, so a marker
 * that arrives next proves no other frame was pending.
 */
class ContactIndexTest {

  private static final Set<String> KNOWN = Set.of("bob", "cyd", "dan", "eve");

  private final ContactIndex index = new ContactIndex(2, KNOWN::contains);

  private Frames connect(String user, List<String> contacts) {
    PresenceOutbox outbox = new PresenceOutbox();
    Watcher w = index.attach(user, outbox);
    index.setContacts(w, contacts, Long.MAX_VALUE);
    return Frames.of(outbox);
  }

  private static void nothingElse(Frames frames, PresenceOutbox outbox) {
    outbox.mark("marker");
    assertThat(frames.next()).isEqualTo("marker");
  }

  @Test
  void aChangeGoesToTheUsersWhoFollowItOnly() {
    PresenceOutbox annOutbox = new PresenceOutbox();
    PresenceOutbox camOutbox = new PresenceOutbox();
    index.setContacts(index.attach("ann", annOutbox), List.of("zed"), Long.MAX_VALUE); // zed: unknown, no snapshot
    index.setContacts(index.attach("cam", camOutbox), List.of("dan"), Long.MAX_VALUE);
    try (Frames ann = Frames.of(annOutbox); Frames cam = Frames.of(camOutbox)) {
      assertThat(cam.next()).as("snapshot of a known contact").isEqualTo("dan");

      index.changed("zed");
      index.changed("nobody-follows-me");

      assertThat(ann.next()).isEqualTo("zed");
      nothingElse(cam, camOutbox);
      nothingElse(ann, annOutbox);
    }
  }

  @Test
  void aSecondDeviceGetsTheKnownContactsAtOnceAndBothGetChanges() {
    try (Frames phone = connect("ann", List.of("bob", "zed"))) {
      assertThat(phone.next()).isEqualTo("bob");
      PresenceOutbox laptopOutbox = new PresenceOutbox();
      Watcher w = index.attach("ann", laptopOutbox);
      assertThat(w.loaded).as("contacts are per user: no second load").isTrue();
      try (Frames laptop = Frames.of(laptopOutbox)) {
        assertThat(laptop.next()).isEqualTo("bob");
        index.changed("zed");
        assertThat(phone.next()).isEqualTo("zed");
        assertThat(laptop.next()).isEqualTo("zed");
      }
    }
  }

  @Test
  void conversationMembersBecomeContactsOfTheConnectedMembersUpToTheBound() {
    PresenceOutbox outbox = new PresenceOutbox();
    index.setContacts(index.attach("ann", outbox), List.of("zed"), Long.MAX_VALUE);
    try (Frames ann = Frames.of(outbox)) {
      index.members(List.of("ann", "bob", "cyd")); // bound 2: zed and bob

      assertThat(ann.next()).as("a known new contact's state at once").isEqualTo("bob");
      index.changed("cyd");
      nothingElse(ann, outbox);
      index.changed("bob");
      assertThat(ann.next()).isEqualTo("bob");
      assertThat(index.entries()).isEqualTo(2);
    }
  }

  @Test
  void aRefreshDropsFormerContactsAndAnnouncesOnlyNewOnes() {
    PresenceOutbox outbox = new PresenceOutbox();
    Watcher w = index.attach("ann", outbox);
    index.setContacts(w, List.of("bob"), Long.MAX_VALUE);
    try (Frames ann = Frames.of(outbox)) {
      assertThat(ann.next()).isEqualTo("bob");

      index.setContacts(w, List.of("cyd", "ann"), Long.MAX_VALUE); // the user is never their own contact

      assertThat(ann.next()).isEqualTo("cyd");
      index.changed("bob");
      index.changed("ann");
      nothingElse(ann, outbox);
      assertThat(index.entries()).isEqualTo(1);
    }
  }

  @Test
  void theLastSocketOfAUserTakesTheirEntriesAlong() {
    PresenceOutbox phone = new PresenceOutbox();
    PresenceOutbox laptop = new PresenceOutbox();
    index.setContacts(index.attach("ann", phone), List.of("bob", "cyd"), Long.MAX_VALUE);
    index.attach("ann", laptop);

    index.detach("ann", phone);
    assertThat(index.entries()).isEqualTo(2);
    index.detach("ann", laptop);

    assertThat(index.entries()).isZero();
    assertThat(index.watchers()).isZero();
    Watcher again = index.attach("ann", new PresenceOutbox());
    assertThat(again.loaded).as("a new socket starts afresh").isFalse();
  }

  @Test
  void usersAreDueForRefreshWhenTheirTimeCame() {
    index.setContacts(index.attach("ann", new PresenceOutbox()), List.of(), 1_000);
    index.setContacts(index.attach("cam", new PresenceOutbox()), List.of(), 5_000);

    assertThat(index.dueForRefresh(2_000)).extracting(w -> w.userId).containsExactly("ann");
  }
}
