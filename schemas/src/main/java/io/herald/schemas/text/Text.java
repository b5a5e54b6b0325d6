package io.herald.schemas.text;

/**
 * The checks every edge applies to an event's text fields (HTTP bodies, chat frames), in plain loops:
 * they run on every field of every request, where {@code String.chars()} streams and
 * {@code getBytes(UTF_8)} allocated per call.
 */
public final class Text {

  private Text() {}

  /** Whether {@code s} holds a character {@link Character#isISOControl} says is a control character. */
  public static boolean hasControlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** As {@link #hasControlCharacter}, but line feeds, carriage returns and tabs are allowed (free text). */
  public static boolean hasControlCharacterBesidesLineBreaks(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return true;
      }
    }
    return false;
  }

  /**
   * The length of {@code s.getBytes(UTF_8)}, counted without encoding: 1, 2 or 3 bytes per char, 4 per
   * surrogate pair, and 1 for a lone surrogate (which the encoder replaces with {@code ?}).
   */
  public static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
