package dev.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigil bench report}'s one report: a summary table of the three benchmarks' reports, read from the
 * Markdown they wrote into the results folder, then each report, a level down.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Writes REPORT.md from gateway-vs-producer.md, beam-vs-native.md and end-to-end.md.")
public final class BenchReport implements Callable<Integer> {
  static final List<String> REPORTS = List.of("gateway-vs-producer", "beam-vs-native", "end-to-end");
  private static final Pattern RATIO = Pattern.compile("^\\*\\*Beam / native = ([0-9.]+)\\*\\*");

  @Option(names = "--results", required = true, description = "The results folder.")
  Path results;

  @Option(names = "--took", required = true, description = "How long the whole run took, as the report says it.")
  String took;

  @Option(names = "--output", required = true, description = "The report's file.")
  Path output;

  @Override
  public Integer call() throws IOException {
    List<List<String>> reports = new ArrayList<>();
    for (String name : REPORTS) {
      reports.add(Files.readAllLines(results.resolve(name + ".md"), StandardCharsets.UTF_8));
    }
    String markdown = markdown(Machine.runDate(), took, Machine.describe(), reports.get(0), reports.get(1),
        reports.get(2));
    Files.writeString(output, markdown, StandardCharsets.UTF_8);
    System.out.print(String.join("\n", markdown.lines().limit(12).toList()) + "\n");
    return 0;
  }

  static String markdown(String date, String took, String machine, List<String> gateway, List<String> beamVsNative,
      List<String> endToEnd) {
    List<String> out = new ArrayList<>(List.of(
        "# Vigil benchmark report",
        "",
        "Run " + date + " with `bin/vigil bench report` (" + took + ") on: " + machine + ".",
        "All three ran one after the other on this one machine; each compares side by side within its own run.",
        "",
        "| benchmark | Vigil | compared with | ratio / goal |",
        "|---|---|---|---|"));
    String[] producer = row(gateway, "Kafka producer-perf-test");
    String[] single = row(gateway, "gateway, 1 reading");
    String[] batched = row(gateway, "gateway, 100 reading");
    out.add("| gateway vs producer-perf-test | " + single[3] + " readings/s one per request; " + batched[3]
        + " batched by 100 | " + producer[3] + " records/s | " + single[4] + " and " + batched[4]
        + " (goal: at least 0.5) |");
    String ratio = beamVsNative.stream().map(RATIO::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("beam-vs-native.md has no '**Beam / native = ...**' line"));
    out.add("| Beam vs native Flink | rules on FlinkRunner | the same rules as a DataStream job | " + ratio
        + " (goal: at least 0.5) |");
    String[] e = rowOrNull(endToEnd, "single");
    if (e != null) {
      out.add("| end to end, one reading per request | " + e[5] + " msg/s accepted of " + e[2]
          + " offered; alarm latency p50 / p90 / p99 / max " + e[7]
          + " | the reference system: 1,400 readings/s on 14 nodes | goal: 20,000 readings/s, p99 under 1 s |");
    }
    out.add("");
    for (List<String> report : List.of(gateway, beamVsNative, endToEnd)) {
      out.add("---");
      out.add("");
      for (String line : report) {
        out.add(line.startsWith("# ") ? "#" + line : line);
      }
      out.add("");
    }
    return String.join("\n", out) + "\n";
  }

  /** The cells of the table row whose label starts with {@code label}, split on '|': [0] is empty, [1] the label. */
  static String[] row(List<String> markdown, String label) {
    String[] row = rowOrNull(markdown, label);
    if (row == null) {
      throw new IllegalArgumentException("no table row '" + label + "...' in the report");
    }
    return row;
  }

  private static String[] rowOrNull(List<String> markdown, String label) {
    for (String line : markdown) {
      if (line.startsWith("| " + label)) {
        String[] cells = line.split("\\|", -1);
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].strip();
        }
        return cells;
      }
    }
    return null;
  }
}
