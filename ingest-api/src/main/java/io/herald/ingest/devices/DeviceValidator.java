package io.herald.ingest.devices;

import io.herald.ingest.web.FieldErrors;
import io.herald.ingest.web.LimitSettings;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Checks device and settings requests; every problem is reported at once as a 400. */
@Component
class DeviceValidator {

  static final Set<String> PLATFORMS = Set.of("android", "ios", "web");
  /** FCM/APNs/web-push tokens: URL-safe characters and a few separators, never spaces or controls. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-:.~+/=]+");
  private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  private static final int MAX_LOCALE = 35;

  private final DeviceSettings settings;
  private final LimitSettings limits;

  DeviceValidator(DeviceSettings settings, LimitSettings limits) {
    this.settings = settings;
    this.limits = limits;
  }

  void validate(DeviceRequest r) {
    FieldErrors errors = new FieldErrors();
    token(errors, "token", r.token());
    if (r.platform() == null || !PLATFORMS.contains(r.platform())) {
      errors.add("platform", "must be one of android, ios, web");
    }
    if (r.locale() != null && (r.locale().isEmpty() || r.locale().length() > MAX_LOCALE
        || Locale.forLanguageTag(r.locale()).toLanguageTag().equals("und"))) {
      errors.add("locale", "must be a BCP 47 language tag, e.g. en-GB");
    }
    errors.throwIfAny();
  }

  void validateToken(String token) {
    FieldErrors errors = new FieldErrors();
    token(errors, "token", token);
    errors.throwIfAny();
  }

  void validate(NotificationSettingsView s) {
    FieldErrors errors = new FieldErrors();
    if (s.quietHours() != null) {
      var q = s.quietHours();
      errors.check(q.start() != null && HH_MM.matcher(q.start()).matches(), "quietHours.start", "must be HH:mm");
      errors.check(q.end() != null && HH_MM.matcher(q.end()).matches(), "quietHours.end", "must be HH:mm");
      if (q.start() != null && q.start().equals(q.end())) {
        errors.add("quietHours.end", "must differ from start");
      }
      if (q.timeZone() == null || !validZone(q.timeZone())) {
        errors.add("quietHours.timeZone", "must be an IANA time zone id, e.g. Europe/Paris");
      }
    }
    if (s.mutedConversations() != null) {
      if (s.mutedConversations().size() > settings.maxMutedConversations()) {
        errors.add("mutedConversations", "must name at most " + settings.maxMutedConversations() + " conversations");
      } else {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.mutedConversations().size(); i++) {
          String c = s.mutedConversations().get(i);
          if (errors.text("mutedConversations[" + i + "]", c, limits.maxIdLength()) && !seen.add(c)) {
            errors.add("mutedConversations[" + i + "]", "is listed twice");
          }
        }
      }
    }
    errors.throwIfAny();
  }

  static int minuteOfDay(String hhmm) {
    try {
      LocalTime t = LocalTime.parse(hhmm);
      return t.getHour() * 60 + t.getMinute();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(hhmm, e);
    }
  }

  private void token(FieldErrors errors, String field, String token) {
    if (errors.text(field, token, settings.maxTokenLength())) {
      errors.check(TOKEN.matcher(token).matches(), field, "must be a push token (letters, digits and _-:.~+/=)");
    }
  }

  private static boolean validZone(String id) {
    try {
      ZoneId.of(id);
      return id.length() <= 64;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
