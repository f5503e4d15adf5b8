package dev.vigil.runners;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestCheckpointTest {

  @Test
  void theNewestCompleteCheckpointOfAnyJobUnderTheStorage(@TempDir Path storage) throws Exception {
    assertThat(LatestCheckpoint.find(storage.toString())).isEmpty();
    complete(storage.resolve("job-a/chk-7"), 1_000);
    complete(storage.resolve("job-b/chk-3"), 2_000); // a later job, restarted: its chk numbers start again
    Files.createDirectories(storage.resolve("job-b/chk-4")); // in progress when the process died: no _metadata
    Files.createDirectories(storage.resolve("job-b/shared"));

    assertThat(LatestCheckpoint.find(storage.toString())).hasValue(storage.resolve("job-b/chk-3"));
    assertThat(LatestCheckpoint.find(storage.toUri().toString())).as("as a file: URI, as the profiles give it")
        .hasValue(storage.resolve("job-b/chk-3"));
    assertThat(LatestCheckpoint.find(storage.resolve("missing").toString())).isEmpty();
  }

  private static void complete(Path checkpoint, long modifiedMillis) throws Exception {
    Files.createDirectories(checkpoint);
    Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
  }
}
