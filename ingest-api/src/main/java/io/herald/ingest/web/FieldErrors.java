package io.herald.ingest.web;

import io.herald.schemas.text.Text;
import io.herald.web.problem.ValidationException;
import io.herald.web.problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of a request before answering, so a client fixes them in one round trip.
 * Not thread-safe; one instance per validation.
 */
public final class FieldErrors {

  private final List<FieldError> errors = new ArrayList<>();

  public FieldErrors add(String field, String message) {
    errors.add(new FieldError(field, message));
    return this;
  }

  /** Records {@code message} against {@code field} when {@code ok} is false; returns {@code ok}. */
  public boolean check(boolean ok, String field, String message) {
    if (!ok) {
      add(field, message);
    }
    return ok;
  }

  /** Present, 1..max characters, no control characters; returns whether it passed. */
  public boolean text(String field, String value, int max) {
    if (value == null || value.isEmpty()) {
      add(field, "is required");
      return false;
    }
    if (value.length() > max) {
      add(field, "must be at most " + max + " characters");
      return false;
    }
    if (hasControlCharacters(value)) {
      add(field, "must not contain control characters");
      return false;
    }
    return true;
  }

  /** Like {@link #text} but bounded in UTF-8 bytes and allowing line breaks and tabs (free text). */
  public boolean freeText(String field, String value, int maxBytes) {
    if (value == null || value.isEmpty()) {
      add(field, "is required");
      return false;
    }
    if (value.length() > maxBytes || Text.utf8Length(value) > maxBytes) {
      add(field, "must be at most " + maxBytes + " bytes (UTF-8)");
      return false;
    }
    if (Text.hasControlCharacterBesidesLineBreaks(value)) {
      add(field, "must not contain control characters other than line breaks and tabs");
      return false;
    }
    return true;
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<FieldError> list() {
    return List.copyOf(errors);
  }

  /** Throws a {@link ValidationException} carrying every recorded error, if any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  private static boolean hasControlCharacters(String s) {
    return Text.hasControlCharacter(s);
  }
}
