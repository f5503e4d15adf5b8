package dev.vigil.tests.support;

import dev.vigil.simulator.SimulatorCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;

/**
 * The sensor simulator posting in the background until {@link #stop}: load that lasts as long as a fault test's steps
 * take (a broker's restart takes 5 s on a quiet machine, 50 s on a busy one), where one simulator run lasts a fixed
 * time. It runs the simulator in slices of {@code slice}, one after the other, each with the next seed (the same
 * options send the same messages) and a record file of its own.
 */
public final class SimulatorLoad implements AutoCloseable {
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final List<Path> records = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> loop;

  /** {@code options}: the simulator's, without --duration, --seed and --record (which each slice sets). */
  public SimulatorLoad(Path dir, List<String> options, long seed, Duration slice) {
    loop = CompletableFuture.runAsync(() -> {
      for (int i = 0; sending.get(); i++) {
        Path record = dir.resolve("sent-" + i + ".jsonl");
        records.add(record);
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--duration", slice.toMillis() + "ms", "--seed", String.valueOf(seed + i),
            "--record", record.toString()));
        new CommandLine(new SimulatorCommand()).execute(args.toArray(String[]::new)); // exits 1 on any non-2xx
      }
    });
  }

  /** Whether it still sends (false once a slice failed to run). */
  public boolean sending() {
    return !loop.isDone();
  }

  /** Ends the load once the current slice is over; returns what all slices sent, in order. */
  public SimulatorRecord stop() throws Exception {
    sending.set(false);
    loop.get(2, TimeUnit.MINUTES);
    return SimulatorRecord.read(records);
  }

  @Override
  public void close() throws Exception {
    sending.set(false);
    loop.get(2, TimeUnit.MINUTES);
  }
}
