package dev.vigil.bench.e2e;

import dev.vigil.bench.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The computing half of {@code bin/vigil bench e2e} (stack/lib/bench.sh starts and stops the platform, the simulator
 * and the measuring tools, and calls these): the CPU meter, and the figures of each phase from the files of the run's
 * folder: phase-PHASE.env (what bash set and saw: engine, submit_seconds, target, batch, seconds, lag, drained,
 * lag_left), simulator-PHASE.log,
 * latency-PHASE.log and cpu-PHASE.txt.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
    description = "Figures of 'bin/vigil bench e2e', from the files of its run folder.",
    subcommands = {EndToEndBench.Meter.class, EndToEndBench.ShowPhase.class, EndToEndBench.Report.class})
public final class EndToEndBench {

  @Option(names = "--dir", required = true, description = "The run's folder.")
  Path dir;

  EndToEndReport.Phase phase(String name) throws IOException {
    Map<String, String> settings = keyValues(lines("phase-" + name + ".env"));
    Map<String, Double> cores = new LinkedHashMap<>();
    keyValues(lines("cpu-" + name + ".txt")).forEach((k, v) -> cores.put(k, Double.parseDouble(v)));
    return new EndToEndReport.Phase(name, settings.get("engine"), Long.parseLong(settings.get("submit_seconds")),
        Long.parseLong(settings.get("target")), Integer.parseInt(settings.get("batch")),
        Long.parseLong(settings.get("seconds")), Long.parseLong(settings.get("lag")),
        Long.parseLong(settings.get("drained")), Long.parseLong(settings.get("lag_left")),
        SimulatorSummary.parse(lines("simulator-" + name + ".log")),
        AlarmLatencySummary.parse(lines("latency-" + name + ".log")), cores);
  }

  private List<String> lines(String file) throws IOException {
    return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
  }

  /** KEY=value lines; blank lines and # comments are skipped. */
  static Map<String, String> keyValues(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected KEY=value, got " + line);
      }
      values.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return values;
  }

  @Command(name = "cpu-meter", description = "Meters processes' CPU until stopped (SIGTERM), into --output.")
  static final class Meter implements Callable<Integer> {
    @ParentCommand EndToEndBench run;

    @Option(names = "--phase", required = true, description = "Writes cpu-PHASE.txt in the run's folder.")
    String phase;

    @Option(names = "--every", defaultValue = "10", description = "Seconds between readings (default ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--from-start", split = ",", description = "NAME=PID of a server that ran before the run.")
    List<String> fromStart = new ArrayList<>();

    @Option(names = "--whole", split = ",", description = "NAME=PID of a process started for the run.")
    List<String> whole = new ArrayList<>();

    @Option(names = "--self", description = "Counts this meter's own CPU under this name, whole.")
    String self;

    @Override
    public Integer call() throws InterruptedException {
      List<CpuMeter.Metered> processes = new ArrayList<>(CpuMeter.parse(fromStart, true));
      processes.addAll(CpuMeter.parse(whole, false));
      if (self != null) {
        processes.add(new CpuMeter.Metered(self, ProcessHandle.current().pid(), false));
      }
      CpuMeter.run(processes, every, run.dir.resolve("cpu-" + phase + ".txt"));
      return 0;
    }
  }

  @Command(name = "phase", description = "Prints one phase's figures.")
  static final class ShowPhase implements Callable<Integer> {
    @ParentCommand EndToEndBench run;

    @Parameters(description = "The phase (single, batched, on-PROFILE).")
    String phase;

    @Override
    public Integer call() throws IOException {
      EndToEndReport.Phase p = run.phase(phase);
      System.out.println("    " + p.simulator().summaryLine());
      System.out.println("    " + p.latency().line());
      System.out.println("    consumer lag when the load stopped: " + p.lagAtStop() + "; "
          + EndToEndReport.caughtUp(p) + "; committed " + EndToEndReport.committedPerSecond(p)
          + " msg/s; CPU (cores): " + EndToEndReport.cores(p.cores()));
      return 0;
    }
  }

  @Command(name = "report", description = "Writes the Markdown report of the phases (and prints it).")
  static final class Report implements Callable<Integer> {
    @ParentCommand EndToEndBench run;

    @Option(names = "--sensors", required = true, description = "The simulator's sensors.")
    int sensors;

    @Option(names = "--warm-up-seconds", required = true, description = "AlarmLatency's --skip-seconds.")
    int warmUpSeconds;

    @Option(names = "--output", required = true, description = "The report's file.")
    Path output;

    @Parameters(description = "The phases that ran, in order.")
    List<String> phases = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      List<EndToEndReport.Phase> ran = new ArrayList<>();
      for (String phase : phases) {
        ran.add(run.phase(phase));
      }
      String markdown = EndToEndReport.markdown(Machine.runDate(), Machine.describe(), sensors, warmUpSeconds, ran);
      Files.createDirectories(output.toAbsolutePath().getParent());
      Files.writeString(output, markdown, StandardCharsets.UTF_8);
      System.out.print(markdown);
      return 0;
    }
  }
}
