package dev.vigil.runners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The newest completed Flink checkpoint under a checkpoint storage folder ({@code --stateBackendStoragePath}), to
 * resume a job whose process died (kill -9, a lost machine) from its state instead of starting it empty: Flink lays
 * checkpoints out as {@code <storage>/<job id>/chk-<n>/}, and one is complete once its {@code _metadata} is written.
 * A killed job leaves its last completed checkpoint behind (nothing cleans up after a SIGKILL).
 */
public final class LatestCheckpoint {
  private LatestCheckpoint() {}

  /** The newest complete {@code chk-<n>} folder under {@code storage} (a path or a {@code file:} URI), if any. */
  public static Optional<Path> find(String storage) throws IOException {
    Path root = storage.startsWith("file:") ? Path.of(java.net.URI.create(storage)) : Path.of(storage);
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> found = Files.find(root, 2, (path, attributes) -> attributes.isDirectory()
        && path.getFileName().toString().matches("chk-\\d+") && Files.isRegularFile(path.resolve("_metadata")))) {
      return found.max(Comparator.comparing(LatestCheckpoint::completedAt).thenComparing(LatestCheckpoint::number));
    }
  }

  private static long completedAt(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  private static long number(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring(4));
  }
}
