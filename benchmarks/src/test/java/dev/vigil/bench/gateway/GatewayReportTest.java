package dev.vigil.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.bench.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers on output captured from a real 'bin/vigil bench gateway' run, and the figures and report from them. */
class GatewayReportTest {
  private static final ProducerPerfResult PRODUCER = ProducerPerfResult.parse(Samples.lines("producer.log"));
  private static final WrkResult SINGLE = WrkResult.parse(Samples.lines("wrk-1.log"));
  private static final WrkResult BATCHED = WrkResult.parse(Samples.lines("wrk-100.log"));
  private static final WrkResult LB = WrkResult.parse(Samples.lines("wrk-lb.log"));

  @Test
  void theProducersTotalIsItsLastLineNotAnIntermediateOne() {
    assertThat(PRODUCER.records()).isEqualTo(300_000);
    assertThat(PRODUCER.recordsPerSecond()).isEqualTo(49_817.336433);
    assertThat(PRODUCER.p50Millis()).isEqualTo(60);
    assertThat(PRODUCER.p99Millis()).isEqualTo(512);
    assertThat(PRODUCER.line()).startsWith("300000 records sent").endsWith("610 ms 99.9th.");
  }

  @Test
  void aProducerLogWithoutItsTotalIsAnError() {
    List<String> cut = Samples.lines("producer.log").subList(0, 4);
    assertThatThrownBy(() -> ProducerPerfResult.parse(cut)).hasMessageContaining("no percentiles");
    assertThatThrownBy(() -> ProducerPerfResult.parse(List.of("ERROR: broker down")))
        .hasMessageContaining("no 'records sent' line");
  }

  @Test
  void wrkFiguresComeFromTheScriptsBenchLine() {
    assertThat(SINGLE).isEqualTo(new WrkResult(13_965, 8_030_876, 0, 0, 25_268, 411_597,
        "BENCH requests=13965 duration_us=8030876 non2xx=0 errors=0 p50_us=25268 p99_us=411597"));
    assertThat(BATCHED.requests()).isEqualTo(5_971);
    assertThat(LB.p99Micros()).isEqualTo(763_771);
    assertThat(SINGLE.requestsPerSecond()).isCloseTo(1_738.9, org.assertj.core.data.Offset.offset(0.1));
    assertThat(BATCHED.readingsPerSecond(100)).isCloseTo(74_493.0, org.assertj.core.data.Offset.offset(1.0));
    List<String> withoutScript = Samples.lines("wrk-1.log").subList(0, 8);
    assertThatThrownBy(() -> WrkResult.parse(withoutScript)).hasMessageContaining("no BENCH line");
  }

  @Test
  void theTopicMustHoldTheProducersRecordsAndEveryAcceptedReadingOfTheDirectRuns() {
    WrkResult refused = new WrkResult(1_000, 1_000_000, 10, 0, 1, 1, "");
    List<GatewayReport.WrkRun> runs = List.of(GatewayReport.WrkRun.direct(1, refused),
        GatewayReport.WrkRun.direct(100, BATCHED), GatewayReport.WrkRun.loadBalanced(LB));
    long claimed = GatewayReport.claimed(300_000, runs);
    assertThat(claimed).as("the HAProxy run writes to another topic").isEqualTo(300_000 + 990 + 5_971 * 100);
    assertThat(GatewayReport.check(claimed, claimed)).isEmpty();
    assertThat(GatewayReport.check(claimed - 1, claimed)).contains("not to be trusted");
  }

  @Test
  void theReportHasOneRowPerRunAgainstTheProducer() {
    List<GatewayReport.WrkRun> runs = List.of(GatewayReport.WrkRun.direct(1, SINGLE),
        GatewayReport.WrkRun.direct(100, BATCHED), GatewayReport.WrkRun.loadBalanced(LB));
    String md = GatewayReport.markdown(new GatewayReport.Setup("2026-12-01 08:15 UTC", "2 cores", 115, 64, 8,
        "vigil.bench"), PRODUCER, runs, 917_523);
    assertThat(md).startsWith("# Gateway against Kafka's producer-perf-test\n")
        .contains("Records of ~115 bytes", "wrk: 1 thread, 64 connections, 8s.",
            "topic `vigil.bench` held 917523 records, at least the 911065 that the producer and")
        .contains("| Kafka producer-perf-test | | 49817 | 1.00 | 60 ms | 512 ms | | |\n"
            + "| gateway, 1 reading(s)/request | 1739 | 1739 | 0.03 | 25.3 ms | 411.6 ms | 0 | 0 |\n"
            + "| gateway, 100 reading(s)/request | 745 | 74493 | 1.50 | 69.7 ms | 188.5 ms | 0 | 0 |\n"
            + "| gateway x2 via HAProxy, 1 reading/request | 574 | 574 | 0.01 | 98.4 ms | 763.8 ms | 0 | 0 |\n");
  }
}
