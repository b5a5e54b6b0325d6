package io.herald.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.events.ReceiptKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FrameParserTest {

  private final FrameParser parser = new FrameParser(JsonMapper.builder().build(), 3);

  @Test
  void readsEachClientFrameType() {
    assertThat(parser.parse("{\"type\":\"hello\",\"resume\":{\"c1\":4,\"c2\":0}}"))
        .isEqualTo(new ClientFrame.Hello(null, Map.of("c1", 4L, "c2", 0L)));
    assertThat(parser.parse("{\"type\":\"hello\"}")).isEqualTo(new ClientFrame.Hello(null, Map.of()));
    assertThat(parser.parse("{\"type\":\"send\",\"ref\":\"r1\",\"conversationId\":\"c1\",\"clientMsgId\":\"m1\",\"body\":\"hi\"}"))
        .isEqualTo(new ClientFrame.Send("r1", "c1", "m1", "hi", "text/plain"));
    assertThat(parser.parse("{\"type\":\"send\",\"conversationId\":\"c1\",\"clientMsgId\":\"m1\",\"body\":\"{}\","
        + "\"contentType\":\"application/json\",\"extra\":[1]}"))
        .isEqualTo(new ClientFrame.Send(null, "c1", "m1", "{}", "application/json"));
    assertThat(parser.parse("{\"type\":\"delivered\",\"conversationId\":\"c1\",\"upToSeq\":7}"))
        .isEqualTo(new ClientFrame.Receipt(null, ReceiptKind.DELIVERED, "c1", 7));
    assertThat(parser.parse("{\"type\":\"read\",\"conversationId\":\"c1\",\"upToSeq\":0,\"ref\":\"x\"}"))
        .isEqualTo(new ClientFrame.Receipt("x", ReceiptKind.READ, "c1", 0));
    assertThat(parser.parse("{\"type\":\"ping\",\"ref\":\"p\"}")).isEqualTo(new ClientFrame.Ping("p"));
    assertThat(parser.parse("{\"type\":\"reauth\",\"ref\":\"r\",\"token\":\"t.o.k\"}"))
        .isEqualTo(new ClientFrame.Reauth("r", "t.o.k"));
  }

  @Test
  void aReauthNeedsATokenAndNeverShowsIt() {
    assertRefused("{\"type\":\"reauth\",\"ref\":\"r\"}", "r", "token");
    assertRefused("{\"type\":\"reauth\",\"token\":42}", null, "token");
    assertThat(parser.parse("{\"type\":\"reauth\",\"token\":\"secret.jwt\"}").toString()).doesNotContain("secret");
  }

  @Test
  void refusesWhatIsNotAFrameObject() {
    assertRefused("not json", null, null);
    assertRefused("[1,2]", null, null);
    assertRefused("\"ping\"", null, null);
    assertRefused("{}", null, "type");
    assertRefused("{\"type\":7}", null, "type");
    assertRefused("{\"type\":\"shout\",\"ref\":\"r\"}", "r", "type");
  }

  @Test
  void namesTheFieldOfAMissingOrMistypedValueAndEchoesTheRef() {
    assertRefused("{\"type\":\"send\",\"ref\":\"r\",\"clientMsgId\":\"m\",\"body\":\"b\"}", "r", "conversationId");
    assertRefused("{\"type\":\"send\",\"ref\":\"r\",\"conversationId\":\"c\",\"clientMsgId\":\"m\",\"body\":3}", "r", "body");
    assertRefused("{\"type\":\"send\",\"conversationId\":\"c\",\"clientMsgId\":\"\",\"body\":\"b\"}", null, "clientMsgId");
    assertRefused("{\"type\":\"read\",\"conversationId\":\"c\"}", null, "upToSeq");
    assertRefused("{\"type\":\"read\",\"conversationId\":\"c\",\"upToSeq\":-1}", null, "upToSeq");
    assertRefused("{\"type\":\"read\",\"conversationId\":\"c\",\"upToSeq\":1.5}", null, "upToSeq");
    assertRefused("{\"type\":\"read\",\"conversationId\":\"c\",\"upToSeq\":\"4\"}", null, "upToSeq");
    assertRefused("{\"type\":\"ping\",\"ref\":\"" + "r".repeat(65) + "\"}", null, "ref");
  }

  @Test
  void boundsTheResumeMap() {
    assertRefused("{\"type\":\"hello\",\"resume\":[1]}", null, "resume");
    assertRefused("{\"type\":\"hello\",\"resume\":{\"a\":1,\"b\":1,\"c\":1,\"d\":1}}", null, "resume");
    assertRefused("{\"type\":\"hello\",\"resume\":{\"a\":-2}}", null, "resume.a");
    assertRefused("{\"type\":\"hello\",\"resume\":{\"" + "c".repeat(129) + "\":1}}", null, "resume");
  }

  @Test
  void errorsRenderAsErrorFramesWithTypeFirstAndNoNulls() {
    FrameWriter writer = new FrameWriter(JsonMapper.builder().build());
    FrameException e = catchFrame("{\"type\":\"nope\"}");
    assertThat(writer.write(e.toFrame()))
        .isEqualTo("{\"type\":\"error\",\"code\":\"bad_request\",\"field\":\"type\","
            + "\"message\":\"unknown type; one of hello, send, delivered, read, ping, reauth\"}");
    assertThat(writer.write(new ServerFrame.Pong(null))).isEqualTo("{\"type\":\"pong\"}");
    assertThat(writer.write(new ServerFrame.Sent("r", "m1", "id", "c", true)))
        .isEqualTo("{\"type\":\"sent\",\"ref\":\"r\",\"clientMsgId\":\"m1\",\"messageId\":\"id\",\"conversationId\":\"c\",\"replayed\":true}");
  }

  private void assertRefused(String text, String ref, String field) {
    FrameException e = catchFrame(text);
    ServerFrame.Error frame = e.toFrame();
    assertThat(frame.code()).isEqualTo("bad_request");
    assertThat(frame.ref()).as("ref of " + text).isEqualTo(ref);
    assertThat(frame.field()).as("field of " + text).isEqualTo(field);
  }

  private FrameException catchFrame(String text) {
    assertThatThrownBy(() -> parser.parse(text)).as(text).isInstanceOf(FrameException.class);
    try {
      parser.parse(text);
      throw new AssertionError("unreachable");
    } catch (FrameException e) {
      return e;
    }
  }
}
