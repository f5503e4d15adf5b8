package dev.vigil.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --savepointPath} on embedded Flink ({@code --flinkMaster=[local]}). Beam's FlinkRunner (2.70) hands the
 * savepoint to a Flink cluster only; for {@code [local]} it builds the mini-cluster from the configuration in
 * {@code --flinkConfDir} and drops the option, so a restarted embedded pipeline started empty, from the group's
 * committed offsets, and its alarms went wrong (streaks half counted, recoveries of alarms it no longer knew). So for
 * an embedded run with a savepoint or a retained checkpoint to restore, this writes a {@code flink-conf.yaml} that sets
 * Flink's own {@code execution.savepoint.path} (after the settings of the user's {@code --flinkConfDir}, if any) and
 * points {@code --flinkConfDir} at it. Plain strings and files: no Flink class is loaded on other runners.
 */
final class EmbeddedFlinkRestore {
  private EmbeddedFlinkRestore() {}

  /** {@code args} with a configuration folder that restores {@code --savepointPath}, when there is one to restore. */
  static List<String> args(List<String> args) throws IOException {
    Optional<String> savepoint = value(args, "savepointPath");
    if (savepoint.isEmpty() || !"FlinkRunner".equals(value(args, "runner").orElse(""))
        || !"[local]".equals(value(args, "flinkMaster").orElse(""))) {
      return args;
    }
    StringBuilder conf = new StringBuilder();
    Optional<String> userConf = value(args, "flinkConfDir");
    if (userConf.isPresent()) {
      for (String name : List.of("flink-conf.yaml", "config.yaml")) {
        Path file = Path.of(userConf.get(), name);
        if (Files.isRegularFile(file)) {
          conf.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
          break;
        }
      }
    }
    conf.append("execution.savepoint.path: ").append(savepoint.get()).append('\n');
    if (value(args, "allowNonRestoredState").map(Boolean::parseBoolean).orElse(false)) {
      conf.append("execution.savepoint.ignore-unclaimed-state: true\n");
    }
    Path dir = Files.createTempDirectory("vigil-flink-restore-");
    Files.writeString(dir.resolve("flink-conf.yaml"), conf, StandardCharsets.UTF_8);
    dir.toFile().deleteOnExit();
    dir.resolve("flink-conf.yaml").toFile().deleteOnExit();
    List<String> restoring = new ArrayList<>();
    for (String arg : args) {
      if (!arg.startsWith("--flinkConfDir=")) {
        restoring.add(arg);
      }
    }
    restoring.add("--flinkConfDir=" + dir);
    return restoring;
  }

  /** The value of the last {@code --name=value} in {@code args}, as Beam's options parser takes it. */
  private static Optional<String> value(List<String> args, String name) {
    String prefix = "--" + name + "=";
    Optional<String> found = Optional.empty();
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        found = Optional.of(arg.substring(prefix.length()));
      }
    }
    return found;
  }
}
