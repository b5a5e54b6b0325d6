package io.herald.schemas.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void countsUtf8BytesAsTheEncoderWrites() {
    for (String s : new String[] {"", "a", "é", "€", "😀", "a😀b", "\uD83D", "\uDE00", "\uDE00\uD83D", "x\uD83Dy", "\uD83D\uD83D\uDE00"}) {
      assertThat(Text.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
    SplittableRandom random = new SplittableRandom(13);
    for (int n = 0; n < 20_000; n++) {
      char[] chars = new char[random.nextInt(12)];
      for (int i = 0; i < chars.length; i++) {
        // mostly the interesting ranges: ASCII, 2-byte, 3-byte, surrogates
        chars[i] = switch (random.nextInt(4)) {
          case 0 -> (char) random.nextInt(0x80);
          case 1 -> (char) (0x80 + random.nextInt(0x780));
          case 2 -> (char) (0xD800 + random.nextInt(0x800));
          default -> (char) random.nextInt(0x10000);
        };
      }
      String s = new String(chars);
      assertThat(Text.utf8Length(s)).as("%s", s.chars().boxed().toList()).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void findsControlCharactersAsCharacterIsIsoControlDoes() {
    for (char c = 0; c < 0x200; c++) {
      String s = "ab" + c + "cd";
      assertThat(Text.hasControlCharacter(s)).as("U+%04X", (int) c).isEqualTo(Character.isISOControl(c));
      boolean allowed = c == '\n' || c == '\r' || c == '\t';
      assertThat(Text.hasControlCharacterBesidesLineBreaks(s)).as("U+%04X", (int) c)
          .isEqualTo(Character.isISOControl(c) && !allowed);
    }
    assertThat(Text.hasControlCharacter("")).isFalse();
    assertThat(Text.hasControlCharacterBesidesLineBreaks("line\r\nnext\tcolumn")).isFalse();
  }
}
