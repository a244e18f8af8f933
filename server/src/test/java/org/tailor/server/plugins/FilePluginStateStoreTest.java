package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePluginStateStoreTest {

  @TempDir Path folder;

  @Test
  void writesChunksOneAfterTheOtherFromTheirPositionsToTheirLimits() throws IOException {
    FilePluginStateStore store = new FilePluginStateStore(folder);
    ByteBuffer first = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}, 1, 3); // 1 2 3
    ByteBuffer empty = ByteBuffer.allocate(0);
    byte[] large = new byte[3 << 20];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31 + 7);
    }
    ByteBuffer second = ByteBuffer.wrap(large);
    ByteBuffer last = ByteBuffer.allocateDirect(2).put((byte) 4).put((byte) 5).flip();

    store.save("bandit", "learner", List.of(first, empty, second, last));

    byte[] expected = new byte[3 + large.length + 2];
    expected[0] = 1;
    expected[1] = 2;
    expected[2] = 3;
    System.arraycopy(large, 0, expected, 3, large.length);
    expected[expected.length - 2] = 4;
    expected[expected.length - 1] = 5;
    assertThat(Files.readAllBytes(folder.resolve("bandit/learner.state"))).isEqualTo(expected);
    assertThat(store.load("bandit", "learner"))
        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(expected));
    // the caller's buffers are left as they were
    assertThat(first.position()).isEqualTo(1);
    assertThat(second.position()).isZero();
    assertThat(last.remaining()).isEqualTo(2);
  }

  @Test
  void aSaveReplacesTheLastAndLeavesNoTemporaryFile() throws IOException {
    FilePluginStateStore store = new FilePluginStateStore(folder);
    store.save("bandit", "learner", new byte[] {1, 2, 3, 4});

    store.save(
        "bandit",
        "learner",
        List.of(ByteBuffer.wrap(new byte[] {7}), ByteBuffer.wrap(new byte[] {8})));

    assertThat(store.load("bandit", "learner"))
        .hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(7, 8));
    try (Stream<Path> files = Files.list(folder.resolve("bandit"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("learner.state");
    }
    assertThat(store.load("bandit", "other")).isEmpty();
  }
}
