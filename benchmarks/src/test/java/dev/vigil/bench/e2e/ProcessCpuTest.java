package dev.vigil.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void utimeAndStimeAreCountedAfterTheCommandEvenWhenItHoldsSpacesAndParentheses() {
    // A real /proc/PID/stat line of a JVM, its command changed to one with a space and a parenthesis.
    String stat = "4242 (java (vigil) x) S 1 4242 4242 0 -1 4194560 52133 0 0 0 1234 567 0 0 20 0 41 0 "
        + "3391 5147541504 68110 18446744073709551615 1 1 0 0 0 0 4 0 16800975 0 0 0 17 1 0 0 0 0 0";
    assertThat(ProcessCpu.fromStat(stat)).isEqualTo((1234 + 567) / 100.0);
  }

  @Test
  void thisJvmHasUsedSomeCpuAndAGoneProcessHasNone() {
    assertThat(ProcessCpu.seconds(ProcessHandle.current().pid()).orElseThrow()).isPositive();
    assertThat(ProcessCpu.seconds(Integer.MAX_VALUE)).isEmpty();
  }

  @Test
  void serversCountFromTheStartToolsWholeAndANameSumsItsProcesses() {
    CpuMeter.Metered kafka = new CpuMeter.Metered("kafka", 1, true);
    CpuMeter.Metered simulator = new CpuMeter.Metered("simulator", 2, false);
    CpuMeter.Metered latency = new CpuMeter.Metered("measuring-tools", 3, false);
    CpuMeter.Metered status = new CpuMeter.Metered("measuring-tools", 4, false);
    CpuMeter.Metered gone = new CpuMeter.Metered("nginx", 5, true);
    Map<CpuMeter.Metered, Double> first = new LinkedHashMap<>(Map.of(kafka, 500.0, simulator, 1.0, latency, 0.5,
        status, 0.5));
    Map<CpuMeter.Metered, Double> last = new LinkedHashMap<>(Map.of(kafka, 600.0, simulator, 41.0, latency, 2.5,
        status, 1.5));
    Map<String, Double> cores = CpuMeter.cores(first, last, List.of(kafka, simulator, latency, status, gone), 200);
    assertThat(cores).containsExactly(Map.entry("kafka", 0.5), Map.entry("simulator", 41.0 / 200),
        Map.entry("measuring-tools", 4.0 / 200), Map.entry("nginx", 0.0));
    assertThat(CpuMeter.format(cores)).isEqualTo("kafka=0.50\nsimulator=0.21\nmeasuring-tools=0.02\nnginx=0.00\n"
        .replace("\n", System.lineSeparator()));
  }
}
