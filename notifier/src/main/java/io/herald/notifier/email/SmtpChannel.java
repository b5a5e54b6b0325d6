package io.herald.notifier.email;

import io.herald.events.NotificationRequest;
import io.herald.notifier.Channel;
import io.herald.notifier.NotifierSettings;
import io.herald.notifier.Progress;
import io.herald.notifier.SendFailure;
import io.herald.schemas.notifications.UnsubscribeTokens;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * The digest by SMTP (Spring Mail): multipart plain text + HTML, with RFC 8058 one-click
 * {@code List-Unsubscribe} headers when a secret is configured. SMTP 4xx replies and connection
 * failures are retried; 5xx replies are final.
 */
public final class SmtpChannel implements Channel {

  private final JavaMailSender mail;
  private final NotifierSettings settings;
  private final UnsubscribeTokens unsubscribe;

  public SmtpChannel(JavaMailSender mail, NotifierSettings settings) {
    this.mail = mail;
    this.settings = settings;
    this.unsubscribe = settings.unsubscribeSecret().isEmpty() ? null : new UnsubscribeTokens(settings.unsubscribeSecret());
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void send(NotificationRequest r, Progress progress) throws SendFailure {
    if (r.getEmail() == null) {
      throw new SendFailure("no e-mail address", false, null);
    }
    try {
      mail.send(message(r));
      progress.sent("email");
    } catch (MailAuthenticationException e) {
      throw new SendFailure("SMTP authentication: " + e.getMessage(), true, e);
    } catch (MailSendException e) {
      throw new SendFailure("SMTP: " + e.getMessage(), retryable(e), e);
    } catch (MailException e) {
      throw new SendFailure("SMTP: " + e.getMessage(), true, e);
    } catch (MessagingException e) {
      throw new SendFailure("cannot build the e-mail: " + e.getMessage(), false, e);
    }
  }

  public MimeMessage message(NotificationRequest r) throws MessagingException {
    String unsubscribeUrl = unsubscribe == null ? null : settings.unsubscribeBaseUrl().replaceAll("/$", "")
        + "/v1/notifications/unsubscribe?token=" + URLEncoder.encode(unsubscribe.sign(r.getUserId()), StandardCharsets.UTF_8);
    MimeMessage m = mail.createMimeMessage();
    MimeMessageHelper h = new MimeMessageHelper(m, true, "UTF-8");
    h.setFrom(settings.mailFrom());
    h.setTo(r.getEmail());
    h.setSubject(DigestEmail.subject(r));
    h.setText(DigestEmail.text(r, settings.appUrl(), unsubscribeUrl), DigestEmail.html(r, settings.appUrl(), unsubscribeUrl));
    m.setHeader("X-Herald-Request-Id", r.getEventId().toString());
    if (unsubscribeUrl != null) {
      m.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
      m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    return m;
  }

  /**
   * The SMTP reply code of Angus Mail's {@code SMTPSendFailedException} / {@code SMTPAddressFailedException}
   * (runtime-only classes, hence read reflectively); 0 for anything else.
   */
  private static int smtpReturnCode(Throwable t) {
    if (!t.getClass().getName().startsWith("org.eclipse.angus.mail.smtp.SMTP")) {
      return 0;
    }
    try {
      return (int) t.getClass().getMethod("getReturnCode").invoke(t);
    } catch (ReflectiveOperationException e) {
      return 0;
    }
  }

  /** 4xx replies (and failures without a reply: the server is down or the connection broke) are worth retrying. */
  private static boolean retryable(MailSendException e) {
    for (Exception failed : e.getFailedMessages().values()) {
      for (Throwable t = failed; t != null; t = t.getCause()) {
        int code = smtpReturnCode(t);
        if (code > 0) {
          return code >= 400 && code < 500;
        }
        if (t instanceof SendFailedException) {
          return false;
        }
        if (t.getCause() == t) {
          break;
        }
      }
    }
    return true;
  }
}
