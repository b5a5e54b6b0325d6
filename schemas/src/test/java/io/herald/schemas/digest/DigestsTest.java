package io.herald.schemas.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DigestsTest {

  @Test
  void sameResultsAsTheJdkFreshDigestsOnEveryCall() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 2_000; n++) {
      byte[] a = bytes(random);
      byte[] b = bytes(random);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(a);
      sha.update(b);
      assertThat(Digests.sha256(a, b)).isEqualTo(sha.digest());
      String text = new String(a, StandardCharsets.ISO_8859_1) + "é😀";
      assertThat(Digests.sha256(text))
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
      assertThat(Digests.nameUuid(a)).isEqualTo(UUID.nameUUIDFromBytes(a));
      assertThat(Digests.nameUuid(text)).isEqualTo(UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(Digests.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
  }

  @Test
  void threadsDoNotShareADigest() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        all.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          for (int n = 0; n < 5_000; n++) {
            byte[] a = bytes(random);
            if (!Digests.nameUuid(a).equals(UUID.nameUUIDFromBytes(a))
                || !java.util.Arrays.equals(Digests.sha256(a), MessageDigest.getInstance("SHA-256").digest(a))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : all) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] bytes(SplittableRandom random) {
    byte[] b = new byte[random.nextInt(200)];
    random.nextBytes(b);
    return b;
  }
}
