package io.herald.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdentityTest {

  @Test
  void theIdIsKeptInTheStateFolderSoARestartReusesIt(@TempDir Path dir) {
    Path state = dir.resolve("streams");
    String first = InstanceIdentity.resolve(null, state);
    assertThat(first).startsWith("herald-");
    assertThat(InstanceIdentity.resolve("", state)).isEqualTo(first);
    assertThat(Files.exists(state.resolve(InstanceIdentity.FILE))).isTrue();
  }

  @Test
  void anotherStateFolderIsAnotherInstance(@TempDir Path dir) {
    assertThat(InstanceIdentity.resolve(null, dir.resolve("a"))).isNotEqualTo(InstanceIdentity.resolve(null, dir.resolve("b")));
  }

  @Test
  void aConfiguredIdWinsAndMustBeUsableAsAGroupInstanceId(@TempDir Path dir) {
    assertThat(InstanceIdentity.resolve("processors-0", dir)).isEqualTo("processors-0");
    assertThat(Files.exists(dir.resolve(InstanceIdentity.FILE))).isFalse();
    assertThatThrownBy(() -> InstanceIdentity.resolve("has space", dir)).isInstanceOf(IllegalArgumentException.class);
  }
}
