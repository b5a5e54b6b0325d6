package io.herald.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.CheckoutCompleted;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * docs/analytics.md tells data teams how to read Herald's topics without Herald's classes. This test
 * follows that recipe with nothing but Apache Avro's generic API and the {@code .avsc} files at the paths
 * the page names, on bytes the platform's serde wrote to a real broker; and it checks the page's table of
 * fingerprints against those files.
 */
@WithHeraldInfra
class ReadingWithoutHeraldTest {

  private static final Path HISTORY = Path.of("..", "..", "schemas", "src", "main", "resources", "io", "herald", "schemas", "history");
  private static final Path SHOP_DAY = Path.of("src", "main", "avro", "ShopDay.avsc");
  private static final Path DOC = Path.of("..", "..", "docs", "analytics.md");
  /** {@code | Record … | vN | `16 hex digits` |} */
  private static final Pattern ROW = Pattern.compile("^\\| (\\w+)[^|]* \\| (v\\d+) \\| `([0-9a-f]{16})` \\|$", Pattern.MULTILINE);

  @Test
  void aCheckoutOnTheBrokerDecodesWithPlainAvroByTheDocumentedRecipe() throws Exception {
    String shop = "raw-" + UUID.randomUUID();
    CheckoutCompleted sent = Checkouts.checkout(shop, Instant.parse("2026-12-05T10:00:00Z"), "EUR", 450, "tea-1", 2);
    KafkaProbe kafka = KafkaProbe.infra();
    RecordMetadata at = kafka.send(Topics.CHECKOUTS, shop, sent); // the serde the ingest API writes with
    ConsumerRecord<byte[], byte[]> raw = kafka.readAfter(Topics.CHECKOUTS.name(), Map.of(at.partition(), at.offset()), 1,
        Duration.ofSeconds(30)).stream().filter(r -> r.partition() == at.partition() && r.offset() == at.offset()).findFirst().orElseThrow();
    byte[] value = raw.value();

    assertThat(new String(raw.key(), StandardCharsets.UTF_8)).as("key: the shop id in UTF-8").isEqualTo(shop);
    assertThat(HexFormat.of().formatHex(value, 0, 2)).as("marker").isEqualTo("c301");
    String fingerprint = HexFormat.of().formatHex(value, 2, 10);
    Schema writer = everyVersionByFingerprint().get(fingerprint);
    assertThat(writer).as("the .avsc of fingerprint " + fingerprint).isNotNull();
    assertThat(fingerprint).as("the table's row for the current CheckoutCompleted").isEqualTo(documented().get("CheckoutCompleted v2"));

    GenericRecord current = read(value, writer, writer);
    assertThat(current.get("shop_id").toString()).isEqualTo(shop);
    assertThat(current.get("total_minor")).isEqualTo(900L);
    assertThat(current.get("currency").toString()).isEqualTo("EUR");
    assertThat(current.get("occurred_at")).isEqualTo(Instant.parse("2026-12-05T10:00:00Z").toEpochMilli());
    assertThat(((GenericRecord) ((List<?>) current.get("items")).get(0)).get("quantity")).isEqualTo(2);
    assertThat(current.get("channel").toString()).isEqualTo("app");

    Schema v1 = parse(HISTORY.resolve("CheckoutCompleted").resolve("v1.avsc"));
    GenericRecord asV1 = read(value, writer, v1); // a reader compiled against the first version
    assertThat(asV1.get("checkout_id").toString()).isEqualTo(sent.getCheckoutId());
    assertThat(asV1.getSchema().getField("channel")).isNull();
  }

  @Test
  void theFingerprintTableNamesEveryVersionWithItsWireBytes() throws IOException {
    Map<String, String> expected = new HashMap<>();
    try (Stream<Path> files = Files.walk(HISTORY)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
        expected.put(f.getParent().getFileName() + " " + f.getFileName().toString().replace(".avsc", ""), wireFingerprint(parse(f)));
      }
    }
    expected.put("ShopDay v1", wireFingerprint(parse(SHOP_DAY)));

    assertThat(documented()).isEqualTo(expected);
  }

  /** Bytes 10 onwards are the body in plain Avro binary, resolved from the writer's schema to the reader's. */
  private static GenericRecord read(byte[] value, Schema writer, Schema reader) throws IOException {
    return new GenericDatumReader<GenericRecord>(writer, reader)
        .read(null, DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null));
  }

  private static Map<String, Schema> everyVersionByFingerprint() throws IOException {
    Map<String, Schema> out = new HashMap<>();
    try (Stream<Path> files = Files.walk(HISTORY)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
        Schema s = parse(f);
        out.put(wireFingerprint(s), s);
      }
    }
    return out;
  }

  /** CRC-64-AVRO of the Parsing Canonical Form, as its 8 little-endian bytes appear in a value. */
  private static String wireFingerprint(Schema schema) {
    byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
    return HexFormat.of().formatHex(bytes);
  }

  private static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(file.toFile());
  }

  /** "Record vN" → fingerprint, from the page's table. */
  private static Map<String, String> documented() throws IOException {
    Map<String, String> rows = new HashMap<>();
    Matcher m = ROW.matcher(Files.readString(DOC));
    while (m.find()) {
      rows.put(m.group(1) + " " + m.group(2), m.group(3));
    }
    return rows;
  }
}
