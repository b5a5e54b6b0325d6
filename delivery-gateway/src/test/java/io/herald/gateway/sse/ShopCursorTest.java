package io.herald.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.web.problem.ProblemException;
import io.herald.gateway.shopfeed.FeedPosition;
import io.herald.gateway.shopfeed.FeedTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ShopCursorTest {

  @Test
  void encodesVersionPartitionAndNextOffsetPerTopic() {
    ShopCursor cursor = new ShopCursor(7, new FeedPosition(new long[] {12, 0, 345678901234L}));

    assertThat(cursor.encode()).isEqualTo("1.7.12.0.345678901234");
  }

  @Test
  void roundTrips() {
    ShopCursor cursor = new ShopCursor(11, new FeedPosition(new long[] {1, 2, 3}));

    ShopCursor parsed = ShopCursor.parse(cursor.encode());

    assertThat(parsed).isEqualTo(cursor);
    assertThat(parsed.position().next(FeedTopic.MESSAGE)).isEqualTo(2);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "1", "1.2.3.4", "1.2.3.4.5.6", "2.0.1.1.1", "x.0.1.1.1", "1.0.-1.1.1", "1.0.+1.1.1",
      "1.0.1..1", "1.0.1.1.1.", "1.a.1.1.1", "1.0.1.1.0x10", "1.0.1.1.9999999999999999999", "1.0.1.1.1 ; drop"})
  void rejectsMalformedCursorsAsBadRequest(String raw) {
    assertThatThrownBy(() -> ShopCursor.parse(raw))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
  }

  @Test
  void rejectsOverlongInput() {
    assertThatThrownBy(() -> ShopCursor.parse("1.0.1.1." + "1".repeat(200))).isInstanceOf(ProblemException.class);
  }

  @Test
  void rejectsACursorTamperedToAnotherPartition() {
    ShopCursor tampered = ShopCursor.parse("1.4.10.10.10");

    assertThat(tampered.requirePartition(4)).isSameAs(tampered);
    assertThatThrownBy(() -> tampered.requirePartition(5))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
  }
}
