package dev.vigil.bench.gateway;

import dev.vigil.bench.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The computing half of {@code bin/vigil bench gateway} (stack/lib/bench.sh starts and stops Kafka, the producer,
 * the gateways and wrk, and calls these): the payloads, reading what the producer and wrk printed, the honesty check
 * and the report. Everything is read from the run's folder: payloads.txt, producer.log, wrk-BATCH.log, wrk-lb.log.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Figures of 'bin/vigil bench gateway', from the files of its run folder.",
    subcommands = {GatewayBench.WritePayloads.class, GatewayBench.Show.class, GatewayBench.Check.class,
        GatewayBench.Report.class})
public final class GatewayBench {

  @Option(names = "--dir", required = true, description = "The run's folder.")
  Path dir;

  @Option(names = "--batch", split = ",", defaultValue = "1,100",
      description = "Readings per request of the runs straight to the gateway (files wrk-BATCH.log; default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  Path payloads() {
    return dir.resolve("payloads.txt");
  }

  ProducerPerfResult producer() throws IOException {
    return ProducerPerfResult.parse(lines("producer.log"));
  }

  List<GatewayReport.WrkRun> directRuns() throws IOException {
    List<GatewayReport.WrkRun> runs = new ArrayList<>();
    for (int batch : batches) {
      runs.add(GatewayReport.WrkRun.direct(batch, WrkResult.parse(lines("wrk-" + batch + ".log"))));
    }
    return runs;
  }

  List<String> lines(String file) throws IOException {
    return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
  }

  @Command(name = "payloads", description = "Writes payloads.txt and prints the mean record size in bytes.")
  static final class WritePayloads implements Callable<Integer> {
    @ParentCommand GatewayBench run;

    @Option(names = "--count", defaultValue = "20000", description = "Records (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
      List<String> lines = Payloads.generate(count, seed);
      Payloads.write(run.payloads(), lines);
      System.out.println(Payloads.averageSize(lines));
      return 0;
    }
  }

  @Command(name = "show", description = "Prints the result line of producer.log or of a wrk log.")
  static final class Show implements Callable<Integer> {
    @ParentCommand GatewayBench run;

    @Option(names = "--log", required = true, description = "producer.log, wrk-BATCH.log or wrk-lb.log.")
    String log;

    @Override
    public Integer call() throws IOException {
      List<String> lines = run.lines(log);
      System.out.println(log.startsWith("producer") ? ProducerPerfResult.parse(lines).line()
          : WrkResult.parse(lines).line());
      return 0;
    }
  }

  @Command(name = "check", description = "Exits 1 unless the topic holds what the producer and the gateway claim.")
  static final class Check implements Callable<Integer> {
    @ParentCommand GatewayBench run;

    @Option(names = "--in-topic", required = true, description = "Records the benchmark topic holds.")
    long inTopic;

    @Override
    public Integer call() throws IOException {
      long claimed = GatewayReport.claimed(run.producer().records(), run.directRuns());
      String problem = GatewayReport.check(inTopic, claimed);
      if (!problem.isEmpty()) {
        System.err.println(problem);
        return 1;
      }
      System.out.println("the topic holds " + inTopic + " records: the producer's " + run.producer().records()
          + " + the readings the gateway accepted (claimed " + claimed + ")");
      return 0;
    }
  }

  @Command(name = "report", description = "Writes the Markdown report (and prints it).")
  static final class Report implements Callable<Integer> {
    @ParentCommand GatewayBench run;

    @Option(names = "--in-topic", required = true, description = "Records the benchmark topic held after the direct runs.")
    long inTopic;

    @Option(names = "--topic", required = true, description = "The benchmark topic.")
    String topic;

    @Option(names = "--connections", required = true, description = "wrk's connections.")
    int connections;

    @Option(names = "--seconds", required = true, description = "Seconds of each wrk run.")
    int seconds;

    @Option(names = "--output", required = true, description = "The report's file.")
    Path output;

    @Override
    public Integer call() throws IOException {
      List<GatewayReport.WrkRun> runs = run.directRuns();
      runs.add(GatewayReport.WrkRun.loadBalanced(WrkResult.parse(run.lines("wrk-lb.log"))));
      GatewayReport.Setup setup = new GatewayReport.Setup(Machine.runDate(), Machine.describe(),
          Payloads.averageSize(Files.readAllLines(run.payloads(), StandardCharsets.UTF_8)), connections, seconds,
          topic);
      String markdown = GatewayReport.markdown(setup, run.producer(), runs, inTopic);
      Files.createDirectories(output.toAbsolutePath().getParent());
      Files.writeString(output, markdown, StandardCharsets.UTF_8);
      System.out.print(markdown);
      return 0;
    }
  }
}
