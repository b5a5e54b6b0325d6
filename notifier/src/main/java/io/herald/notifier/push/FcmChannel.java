package io.herald.notifier.push;

import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.WebpushConfig;
import io.herald.events.NotificationDevice;
import io.herald.events.NotificationRequest;
import io.herald.notifier.Channel;
import io.herald.notifier.Progress;
import io.herald.notifier.PushContent;
import io.herald.notifier.SendFailure;
import java.util.function.BiConsumer;

/**
 * FCM HTTP v1 through firebase-admin: one message per device of the request, collapsed per
 * conversation (Android collapse key and tag, APNs collapse id, Web Push topic), with the badge and
 * the conversation id as data. Dead tokens (UNREGISTERED, INVALID_ARGUMENT) are reported to
 * {@code prune} and not retried; 5xx, UNAVAILABLE, INTERNAL, quota and transport errors are retried.
 */
public final class FcmChannel implements Channel {

  private final FirebaseMessaging messaging;
  private final PushContent content;
  private final BiConsumer<NotificationRequest, NotificationDevice> prune;

  public FcmChannel(FirebaseMessaging messaging, PushContent content, BiConsumer<NotificationRequest, NotificationDevice> prune) {
    this.messaging = messaging;
    this.content = content;
    this.prune = prune;
  }

  @Override
  public String name() {
    return "push";
  }

  @Override
  public void send(NotificationRequest r, Progress progress) throws SendFailure {
    SendFailure retry = null;
    for (NotificationDevice d : r.getDevices()) {
      if (progress.done(d.getDeviceId())) {
        continue;
      }
      try {
        messaging.send(message(r, d));
        progress.sent(d.getDeviceId());
      } catch (FirebaseMessagingException e) {
        MessagingErrorCode code = e.getMessagingErrorCode();
        if (code == MessagingErrorCode.UNREGISTERED || code == MessagingErrorCode.INVALID_ARGUMENT) {
          progress.pruned(d.getDeviceId());
          prune.accept(r, d);
        } else if (retryable(e)) {
          retry = new SendFailure("FCM " + describe(e), true, e);
        } else {
          throw new SendFailure("FCM " + describe(e), false, e);
        }
      } catch (RuntimeException e) {
        retry = new SendFailure("FCM transport: " + e, true, e);
      }
    }
    if (retry != null) {
      throw retry;
    }
  }

  /** The message for one device: what a phone shows and how it collapses. */
  public Message message(NotificationRequest r, NotificationDevice d) {
    String collapse = "c-" + r.getConversationId();
    return Message.builder()
        .setToken(d.getToken())
        .setNotification(Notification.builder().setTitle(content.title(r)).setBody(content.body(r)).build())
        .putData("conversation_id", r.getConversationId())
        .putData("seq", Long.toString(r.getSeq()))
        .putData("message_count", Integer.toString(r.getMessageCount()))
        .putData("badge", Integer.toString(r.getBadge()))
        .putData("request_id", r.getEventId().toString())
        .setAndroidConfig(AndroidConfig.builder().setCollapseKey(collapse)
            .setNotification(AndroidNotification.builder().setTag(collapse).setNotificationCount(r.getBadge()).build()).build())
        .setApnsConfig(ApnsConfig.builder().putHeader("apns-collapse-id", collapse)
            .setAps(Aps.builder().setBadge(r.getBadge()).setThreadId(r.getConversationId()).build()).build())
        .setWebpushConfig(WebpushConfig.builder().putHeader("Topic", collapse.replaceAll("[^A-Za-z0-9_-]", "_")).build())
        .build();
  }

  private static boolean retryable(FirebaseMessagingException e) {
    MessagingErrorCode code = e.getMessagingErrorCode();
    if (code == MessagingErrorCode.UNAVAILABLE || code == MessagingErrorCode.INTERNAL
        || code == MessagingErrorCode.QUOTA_EXCEEDED) {
      return true;
    }
    if (e.getHttpResponse() != null && e.getHttpResponse().getStatusCode() >= 500) {
      return true;
    }
    ErrorCode generic = e.getErrorCode();
    return e.getHttpResponse() == null || generic == ErrorCode.UNAVAILABLE || generic == ErrorCode.INTERNAL
        || generic == ErrorCode.DEADLINE_EXCEEDED || generic == ErrorCode.RESOURCE_EXHAUSTED;
  }

  private static String describe(FirebaseMessagingException e) {
    return (e.getMessagingErrorCode() != null ? e.getMessagingErrorCode() : e.getErrorCode()) + ": " + e.getMessage();
  }
}
