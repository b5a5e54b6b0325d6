package io.herald.notifier.email;

import io.herald.events.NotificationItem;
import io.herald.events.NotificationRequest;

/**
 * The digest's subject, plain-text and HTML bodies, from one request (no template engine: a fixed
 * layout, every user-supplied string HTML-escaped).
 */
public final class DigestEmail {

  private DigestEmail() {}

  public static String subject(NotificationRequest r) {
    int conversations = r.getItems().size();
    return r.getMessageCount() + (r.getMessageCount() == 1 ? " new message" : " new messages")
        + (conversations > 1 ? " in " + conversations + " conversations" : "") + " on Herald";
  }

  public static String text(NotificationRequest r, String appUrl, String unsubscribeUrl) {
    StringBuilder sb = new StringBuilder();
    sb.append("Hello").append(r.getDisplayName() != null ? " " + r.getDisplayName() : "").append(",\n\n");
    sb.append("While you were away:\n\n");
    for (NotificationItem i : r.getItems()) {
      sb.append("* ").append(i.getMessageCount()).append(i.getMessageCount() == 1 ? " message" : " messages")
          .append(" from ").append(String.join(", ", i.getSenders())).append('\n');
      for (String p : i.getPreviews()) {
        sb.append("    ").append(p).append('\n');
      }
      sb.append('\n');
    }
    sb.append("Open Herald: ").append(appUrl).append('\n');
    if (unsubscribeUrl != null) {
      sb.append("\nStop these e-mails: ").append(unsubscribeUrl).append('\n');
    }
    return sb.toString();
  }

  public static String html(NotificationRequest r, String appUrl, String unsubscribeUrl) {
    StringBuilder sb = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
    sb.append("<p>Hello").append(r.getDisplayName() != null ? " " + esc(r.getDisplayName()) : "").append(",</p>");
    sb.append("<p>While you were away:</p><ul>");
    for (NotificationItem i : r.getItems()) {
      sb.append("<li><b>").append(i.getMessageCount()).append(i.getMessageCount() == 1 ? " message" : " messages")
          .append("</b> from ").append(esc(String.join(", ", i.getSenders())));
      if (!i.getPreviews().isEmpty()) {
        sb.append("<blockquote>");
        i.getPreviews().forEach(p -> sb.append(esc(p)).append("<br>"));
        sb.append("</blockquote>");
      }
      sb.append("</li>");
    }
    sb.append("</ul><p><a href=\"").append(esc(appUrl)).append("\">Open Herald</a></p>");
    if (unsubscribeUrl != null) {
      sb.append("<p style=\"font-size:small\"><a href=\"").append(esc(unsubscribeUrl)).append("\">Stop these e-mails</a></p>");
    }
    return sb.append("</body></html>").toString();
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
