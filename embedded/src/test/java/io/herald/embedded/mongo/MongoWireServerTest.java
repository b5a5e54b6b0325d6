package io.herald.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoWireServerTest {

  @Test
  void servesTheWireProtocolFromTheGivenFile(@TempDir Path dir) {
    Path file = dir.resolve("db/herald.mv");
    try (EmbeddedMongo mongo = MongoWireServer.start("--host", "127.0.0.1", "--port", "0", "--file", file.toString());
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      client.getDatabase("herald").getCollection("docs").insertOne(new Document("_id", "d1"));
    }
    assertThat(file).exists();
  }

  @Test
  void refusesAReplicaSetAndUnknownArguments() {
    assertThatThrownBy(() -> MongoWireServer.start("--replSet", "rs0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no replica sets");
    assertThatThrownBy(() -> MongoWireServer.start("--bind_ip_all"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bind_ip_all");
    assertThatThrownBy(() -> MongoWireServer.start("--port", "70000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..65535");
  }
}
