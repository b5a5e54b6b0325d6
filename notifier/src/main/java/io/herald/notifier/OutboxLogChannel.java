package io.herald.notifier;

import io.herald.events.NotificationChannel;
import io.herald.events.NotificationItem;
import io.herald.events.NotificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where requests go when their real channel is not configured: one readable block per request on
 * the {@code herald.notifier.outbox} logger (INFO), so a developer sees what would have gone out.
 */
public final class OutboxLogChannel implements Channel {

  private static final Logger outbox = LoggerFactory.getLogger("herald.notifier.outbox");

  private final PushContent push;
  private final String why;

  public OutboxLogChannel(PushContent push, String why) {
    this.push = push;
    this.why = why;
  }

  @Override
  public String name() {
    return "outbox";
  }

  @Override
  public void send(NotificationRequest r, Progress progress) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n---- notification ").append(r.getEventId()).append(" (").append(why).append(") ----\n");
    sb.append("to user ").append(r.getUserId());
    if (r.getChannel() == NotificationChannel.PUSH) {
      sb.append(" by push to ").append(r.getDevices().size()).append(" device(s)\n");
      sb.append("title: ").append(push.title(r)).append("\nbody:  ").append(push.body(r)).append('\n');
      sb.append("conversation ").append(r.getConversationId()).append(", badge ").append(r.getBadge()).append('\n');
    } else {
      sb.append(" by e-mail to ").append(r.getEmail()).append(": digest of ").append(r.getMessageCount())
          .append(" message(s)\n");
      for (NotificationItem i : r.getItems()) {
        sb.append("  ").append(i.getConversationId()).append(": ").append(i.getMessageCount()).append(" from ")
            .append(String.join(", ", i.getSenders())).append('\n');
        i.getPreviews().forEach(p -> sb.append("    > ").append(p).append('\n'));
      }
    }
    outbox.info(sb.append("----").toString());
    progress.sent("outbox");
  }
}
