package io.herald.chat.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.testkit.Await;
import io.herald.testkit.TestMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The batched, bounded writer of completed sends, on the Mongo-wire server. */
class SendRecorderTest {

  private static final TestMongo mongo = new TestMongo();

  @AfterAll
  static void close() {
    mongo.close();
  }

  private static SendRecord completed(String id, int offset) {
    return SendRecord.pending(id, "m-" + id, "h", Instant.now()).completed(0, offset);
  }

  @Test
  void everyRecordFromManyThreadsIsWrittenOnce() throws Exception {
    MongoDatabase db = mongo.freshDatabase("recorder");
    SendRecorder recorder = new SendRecorder(new SendLedger(db), 10_000, 50, Duration.ZERO);
    int threads = 4;
    int each = 300;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      pool.submit(() -> {
        start.await();
        for (int i = 0; i < each; i++) {
          recorder.record(completed("k" + thread + "-" + i, i));
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    List<Document> docs = Await.until("all records", () -> TestMongo.all(db, ChatCollections.SENDS, new Document()),
        d -> d.size() == threads * each);
    assertThat(docs).extracting(d -> d.getString("_id")).doesNotHaveDuplicates();
    assertThat(recorder.dropped()).isZero();
    assertThat(recorder.failed()).isZero();
  }

  @Test
  void aTrickleOfSendsIsWrittenInFewBatchesAfterAPause() throws Exception {
    MongoDatabase db = mongo.freshDatabase("recorder-pause");
    SendRecorder recorder = new SendRecorder(new SendLedger(db), 10_000, 500, Duration.ofMillis(300));
    int total = 60;
    for (int i = 0; i < total; i++) {
      recorder.record(completed("t" + i, i)); // 60 sends over ~0.6 s, one every 10 ms
      Thread.sleep(10);
    }
    Await.until("all records", () -> TestMongo.all(db, ChatCollections.SENDS, new Document()).size(), n -> n == total);
    // the first at once, then at most one write per 300 ms pause (one per send without it)
    assertThat(recorder.writes()).isBetween(2L, 5L);
    assertThat(recorder.dropped()).isZero();
  }

  @Test
  void aRecordAlreadyThereWinsAndTheRestOfTheBatchIsWritten() {
    MongoDatabase db = mongo.freshDatabase("recorder-dup");
    SendLedger ledger = new SendLedger(db);
    ledger.record(completed("taken", 7)).block();

    ledger.recordAll(List.of(completed("a", 1), completed("taken", 99), completed("b", 2))).block();

    List<Document> docs = TestMongo.all(db, ChatCollections.SENDS, new Document());
    assertThat(docs).extracting(d -> d.getString("_id")).containsExactly("a", "b", "taken");
    assertThat(docs.get(2).get(SendRecord.OFFSET, Number.class).longValue()).isEqualTo(7);
  }

  @Test
  void beyondItsCapacityARecordIsDroppedAndCountedNeverQueued() {
    MongoDatabase db = mongo.freshDatabase("recorder-full");
    SendRecorder recorder = new SendRecorder(new SendLedger(db), 1, 1, Duration.ZERO);
    int total = 2_000;
    for (int i = 0; i < total; i++) {
      recorder.record(completed("k" + i, i)); // far faster than one write at a time can go
    }
    assertThat(recorder.waiting()).isLessThanOrEqualTo(1);
    assertThat(recorder.dropped()).isPositive();
    Await.until("written + dropped = all", () -> TestMongo.all(db, ChatCollections.SENDS, new Document()).size()
        + recorder.dropped(), n -> n == total);
  }
}
