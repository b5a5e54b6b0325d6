package io.herald.processors.notifications;

import io.herald.events.Delivery;
import io.herald.events.NotificationChannel;
import io.herald.events.NotificationDevice;
import io.herald.events.NotificationItem;
import io.herald.events.NotificationRequest;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.processors.notifications.state.NotificationPending;
import io.herald.processors.notifications.state.NotificationProfile;
import io.herald.processors.notifications.state.PendingConversation;
import io.herald.processors.notifications.state.ReadCursor;
import io.herald.schemas.digest.Digests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides, per recipient, what to tell them and when: deliveries to an offline user accumulate per
 * conversation; a wall-clock punctuator emits one PUSH per conversation when its window closes and
 * one EMAIL digest when it is due; a read receipt or coming online cancels what is pending.
 * See {@link NotificationTopology} for the rules.
 */
final class NotificationDecider implements Processor<String, SpecificRecord, String, NotificationRequest> {

  private static final char SEP = '\u0000';

  private final NotificationLimits limits;
  private ProcessorContext<String, NotificationRequest> context;
  private KeyValueStore<String, NotificationProfile> profiles;
  private KeyValueStore<String, NotificationPending> pending;
  private KeyValueStore<String, Long> timers;

  NotificationDecider(NotificationLimits limits) {
    this.limits = limits;
  }

  @Override
  public void init(ProcessorContext<String, NotificationRequest> context) {
    this.context = context;
    this.profiles = context.getStateStore(NotificationTopology.PROFILE_STORE);
    this.pending = context.getStateStore(NotificationTopology.PENDING_STORE);
    this.timers = context.getStateStore(NotificationTopology.TIMER_STORE);
    context.schedule(limits.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String userId = record.key();
    if (userId == null || record.value() == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    SpecificRecord v = record.value();
    if (v instanceof Delivery d) {
      onDelivery(userId, d, SenderNamer.nameFrom(record.headers()), now);
    } else if (v instanceof PresenceState p) {
      onPresence(userId, p, now);
    } else if (v instanceof Receipt r) {
      onRead(userId, r);
    }
  }

  private void onDelivery(String userId, Delivery d, String senderName, long now) {
    if (!userId.equals(d.getRecipientId()) || userId.equals(d.getSenderId())) {
      return; // the sender's own message (another device of theirs) never notifies
    }
    NotificationPending state = stateOf(userId);
    if (state.getOnline()) {
      return;
    }
    NotificationProfile profile = profiles.get(userId);
    if (profile != null && profile.getMutedConversations().contains(d.getConversationId())) {
      return;
    }
    boolean push = pushable(profile);
    boolean digest = digestible(profile);
    if (!push && !digest) {
      return;
    }
    List<PendingConversation> convs = new ArrayList<>(state.getConversations());
    PendingConversation c = convs.stream().filter(x -> x.getConversationId().equals(d.getConversationId())).findFirst()
        .orElse(null);
    if (c != null && d.getSeq() <= c.getLastSeq()) {
      return; // a replayed delivery
    }
    if (state.getReadCursors().stream().anyMatch(rc -> rc.getConversationId().equals(d.getConversationId())
        && d.getSeq() <= rc.getUpToSeq())) {
      return; // read on another device before its delivery reached this task
    }
    // builders answer null for unset fields: start from a built record so the defaults are in
    PendingConversation.Builder b = PendingConversation.newBuilder(c != null ? c
        : PendingConversation.newBuilder().setConversationId(d.getConversationId()).build());
    convs.remove(c);
    List<Long> seqs = new ArrayList<>(b.getUnreadSeqs());
    seqs.add(d.getSeq());
    int overflow = b.getUnreadOverflow();
    while (seqs.size() > NotificationLimits.MAX_UNREAD_SEQS) {
      seqs.remove(0);
      overflow++;
    }
    String shownSender = senderName != null ? senderName : d.getSenderId();
    List<String> senders = new ArrayList<>(b.getSenders());
    if (!senders.contains(shownSender) && senders.size() < NotificationLimits.MAX_SENDERS) {
      senders.add(shownSender);
    }
    List<String> previews = new ArrayList<>(b.getPreviews());
    previews.add(preview(d.getBody()));
    while (previews.size() > NotificationLimits.MAX_PREVIEWS) {
      previews.remove(0);
    }
    b.setUnreadSeqs(seqs).setUnreadOverflow(overflow).setSenders(senders).setPreviews(previews)
        .setLastSeq(d.getSeq()).setLastMessageId(d.getMessageId()).setLastSenderId(d.getSenderId())
        .setLastSenderName(senderName).setLastActivityMs(now);
    if (push) {
      b.setPushCount(b.getPushCount() + 1);
      if (b.getPushDueMs() == 0) {
        b.setPushDueMs(now + limits.pushWindow().toMillis());
      }
    }
    NotificationPending.Builder s = NotificationPending.newBuilder(state);
    if (digest) {
      b.setDigestCount(b.getDigestCount() + 1);
      if (s.getDigestDueMs() == 0) {
        long offlineFor = Math.max(state.getOfflineSinceMs(), state.getLastDigestMs()) + limits.digestDelay().toMillis();
        s.setDigestDueMs(Math.max(offlineFor, now + limits.digestCoalesce().toMillis()));
      }
    }
    convs.add(b.build());
    convs.sort(Comparator.comparingLong(PendingConversation::getLastActivityMs));
    while (convs.size() > limits.maxPendingConversations()) {
      convs.remove(0); // overflow policy: the least recently active conversation is no longer notified
    }
    save(userId, s.setConversations(convs).build());
  }

  private void onPresence(String userId, PresenceState p, long now) {
    NotificationPending state = stateOf(userId);
    if (p.getStatus() == PresenceStatus.ONLINE) {
      // a live session shows everything: nothing pending is worth a notification any more
      save(userId, NotificationPending.newBuilder().setOnline(true).setLastDigestMs(state.getLastDigestMs())
          .setTimerMs(state.getTimerMs()).build());
    } else if (state.getOnline() || state.getOfflineSinceMs() == 0) {
      long since = p.getLastSeen() != null ? Math.min(p.getLastSeen().toEpochMilli(), now) : now;
      save(userId, NotificationPending.newBuilder(state).setOnline(false).setOfflineSinceMs(since).build());
    }
  }

  /** A read cursor moved (on any device): what it covers is no longer news. */
  private void onRead(String userId, Receipt r) {
    if (r.getKind() != ReceiptKind.READ || !userId.equals(r.getUserId())) {
      return;
    }
    NotificationPending state = stateOf(userId);
    List<ReadCursor> cursors = new ArrayList<>(state.getReadCursors());
    long upTo = r.getUpToSeq();
    for (ReadCursor rc : state.getReadCursors()) {
      if (rc.getConversationId().equals(r.getConversationId())) {
        upTo = Math.max(upTo, rc.getUpToSeq());
        cursors.remove(rc);
      }
    }
    cursors.add(new ReadCursor(r.getConversationId(), upTo));
    while (cursors.size() > NotificationLimits.MAX_READ_CURSORS) {
      cursors.remove(0); // the least recently read conversation: its cursor only guards against a rare race
    }
    state = NotificationPending.newBuilder(state).setReadCursors(cursors).build();
    List<PendingConversation> convs = new ArrayList<>();
    for (PendingConversation c : state.getConversations()) {
      if (!c.getConversationId().equals(r.getConversationId())) {
        convs.add(c);
        continue;
      }
      long cursor = upTo;
      List<Long> left = c.getUnreadSeqs().stream().filter(s -> s > cursor).toList();
      if (left.isEmpty()) {
        continue;
      }
      int overflow = left.size() == c.getUnreadSeqs().size() ? c.getUnreadOverflow() : 0;
      int unread = left.size() + overflow;
      convs.add(PendingConversation.newBuilder(c).setUnreadSeqs(left).setUnreadOverflow(overflow)
          .setPushCount(Math.min(c.getPushCount(), unread)).setDigestCount(Math.min(c.getDigestCount(), unread))
          .setPushDueMs(c.getPushCount() == 0 ? 0 : c.getPushDueMs())
          .setPreviews(c.getPreviews().subList(Math.max(0, c.getPreviews().size() - unread), c.getPreviews().size()))
          .build());
    }
    NotificationPending.Builder s = NotificationPending.newBuilder(state).setConversations(convs);
    if (convs.stream().noneMatch(c -> c.getDigestCount() > 0)) {
      s.setDigestDueMs(0);
    }
    save(userId, s.build());
  }

  /** Sends what is due: every user filed under a time up to now. */
  private void sweep(long now) {
    List<KeyValue<String, Long>> due = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = timers.range(null, timerKey(now, "") + '\uffff')) {
      while (it.hasNext()) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, Long> t : due) {
      timers.delete(t.key);
      String userId = t.key.substring(t.key.indexOf(SEP) + 1);
      NotificationPending state = pending.get(userId);
      if (state != null && state.getTimerMs() == t.value) {
        fire(userId, NotificationPending.newBuilder(state).setTimerMs(0).build(), now);
      }
    }
  }

  private void fire(String userId, NotificationPending state, long now) {
    NotificationProfile profile = profiles.get(userId);
    long quietUntil = profile == null ? now : QuietHours.quietUntil(profile, now);
    boolean quiet = quietUntil > now;
    List<PendingConversation> convs = new ArrayList<>();
    int badge = state.getConversations().stream().mapToInt(c -> c.getUnreadSeqs().size() + c.getUnreadOverflow()).sum();
    for (PendingConversation c : state.getConversations()) {
      PendingConversation.Builder b = PendingConversation.newBuilder(c);
      if (c.getPushDueMs() != 0 && c.getPushDueMs() <= now) {
        if (!pushable(profile) || c.getPushCount() == 0) {
          b.setPushCount(0).setPushDueMs(0);
        } else if (quiet) {
          b.setPushDueMs(quietUntil); // deferred, not dropped
        } else {
          context.forward(new Record<>(userId, push(userId, profile, c, badge, now), now));
          b.setPushCount(0).setPushDueMs(0);
        }
      }
      convs.add(b.build());
    }
    NotificationPending.Builder s = NotificationPending.newBuilder(state);
    if (state.getDigestDueMs() != 0 && state.getDigestDueMs() <= now) {
      List<PendingConversation> inDigest = convs.stream().filter(c -> c.getDigestCount() > 0).toList();
      if (!digestible(profile) || inDigest.isEmpty()) {
        s.setDigestDueMs(0);
      } else if (quiet) {
        s.setDigestDueMs(quietUntil);
      } else {
        context.forward(new Record<>(userId, digest(userId, profile, inDigest, badge, now), now));
        s.setDigestDueMs(0).setLastDigestMs(now);
        convs.replaceAll(c -> c.getDigestCount() == 0 ? c : PendingConversation.newBuilder(c).setDigestCount(0)
            .setSenders(List.of()).build());
      }
    }
    save(userId, s.setConversations(convs).build());
  }

  private NotificationRequest push(String userId, NotificationProfile profile, PendingConversation c, int badge, long now) {
    List<NotificationDevice> devices = profile.getDevices().stream()
        .map(d -> new NotificationDevice(d.getDeviceId(), d.getToken(), d.getPlatform(), d.getLocale())).toList();
    return base(userId, profile, c, now, "push|" + userId + "|" + c.getConversationId() + "|" + c.getLastSeq())
        .setChannel(NotificationChannel.PUSH).setMessageCount(c.getPushCount()).setBadge(badge).setDevices(devices).build();
  }

  private NotificationRequest digest(String userId, NotificationProfile profile, List<PendingConversation> convs, int badge,
                                     long now) {
    PendingConversation latest = convs.stream().max(Comparator.comparingLong(PendingConversation::getLastActivityMs)).orElseThrow();
    StringBuilder id = new StringBuilder("email|").append(userId);
    convs.stream().sorted(Comparator.comparing(PendingConversation::getConversationId))
        .forEach(c -> id.append('|').append(c.getConversationId()).append(':').append(c.getLastSeq()));
    List<NotificationItem> items = convs.stream()
        .map(c -> new NotificationItem(c.getConversationId(), c.getDigestCount(), c.getLastSeq(), List.copyOf(c.getSenders()),
            c.getPreviews().subList(Math.max(0, c.getPreviews().size() - c.getDigestCount()), c.getPreviews().size())))
        .toList();
    return base(userId, profile, latest, now, id.toString()).setChannel(NotificationChannel.EMAIL)
        .setMessageCount(convs.stream().mapToInt(PendingConversation::getDigestCount).sum()).setBadge(badge)
        .setItems(items).setEmail(profile.getEmail()).build();
  }

  private static NotificationRequest.Builder base(String userId, NotificationProfile profile, PendingConversation c, long now,
                                                  String idSource) {
    List<String> previews = c.getPreviews();
    return NotificationRequest.newBuilder()
        .setEventId(Digests.nameUuid(idSource))
        .setOccurredAt(Instant.ofEpochMilli(now))
        .setUserId(userId).setConversationId(c.getConversationId()).setMessageId(c.getLastMessageId())
        .setSeq(c.getLastSeq()).setSenderId(c.getLastSenderId()).setSenderName(c.getLastSenderName())
        .setPreview(previews.isEmpty() ? "" : previews.get(previews.size() - 1))
        .setDisplayName(profile.getDisplayName());
  }

  private static boolean pushable(NotificationProfile p) {
    return p != null && p.getPushEnabled() && !p.getDevices().isEmpty();
  }

  private static boolean digestible(NotificationProfile p) {
    return p != null && p.getEmailDigestEnabled() && p.getEmail() != null;
  }

  private String preview(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return flat.length() <= limits.previewLength() ? flat : flat.substring(0, limits.previewLength()) + "…";
  }

  private NotificationPending stateOf(String userId) {
    NotificationPending s = pending.get(userId);
    return s != null ? s : NotificationPending.newBuilder().build();
  }

  /** Whether the user has a live session, as this task last learned from presence (the gate asks too). */
  static boolean online(KeyValueStore<String, NotificationPending> pending, String userId) {
    NotificationPending s = pending.get(userId);
    return s != null && s.getOnline();
  }

  /** Stores the state and files it under its next due time (or under none). */
  private void save(String userId, NotificationPending state) {
    long next = Long.MAX_VALUE;
    for (PendingConversation c : state.getConversations()) {
      if (c.getPushDueMs() != 0) {
        next = Math.min(next, c.getPushDueMs());
      }
    }
    if (state.getDigestDueMs() != 0) {
      next = Math.min(next, state.getDigestDueMs());
    }
    long timer = next == Long.MAX_VALUE ? 0 : next;
    if (state.getTimerMs() != timer) {
      if (state.getTimerMs() != 0) {
        timers.delete(timerKey(state.getTimerMs(), userId));
      }
      if (timer != 0) {
        timers.put(timerKey(timer, userId), timer);
      }
    }
    pending.put(userId, NotificationPending.newBuilder(state).setTimerMs(timer).build());
  }

  private static String timerKey(long dueMs, String userId) {
    return String.format("%019d", Math.max(dueMs, 0)) + SEP + userId;
  }
}
