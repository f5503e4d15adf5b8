package dev.vigil.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  @Test
  void theSameSeedGivesTheSameReadingsAsTheGatewayWritesThem() throws Exception {
    List<String> payloads = Payloads.generate(2_000, 7);
    assertThat(payloads).hasSize(2_000).isEqualTo(Payloads.generate(2_000, 7));
    assertThat(Payloads.generate(2_000, 8)).isNotEqualTo(payloads);
    for (int i = 0; i < payloads.size(); i++) {
      Reading reading = WireFormat.parseReading(payloads.get(i).getBytes(StandardCharsets.UTF_8), 0);
      assertThat(reading.timestamp()).isEqualTo(Payloads.FIRST_TIMESTAMP + i);
      assertThat(Long.parseLong(reading.sensorId())).isBetween(1L, 100_000L);
      assertThat(reading.maxTemperature()).isBetween(30.0, 60.0);
      assertThat(reading.temperature()).isBetween(reading.maxTemperature() - 10, reading.maxTemperature() - 2);
    }
    assertThat(payloads).filteredOn(p -> p.contains("\"smoke\":true")).hasSizeBetween(5, 40);
  }

  @Test
  void theRecordSizeIsTheMeanOfTheLines() {
    assertThat(Payloads.averageSize(List.of("abc", "abcdefg"))).isEqualTo(5);
    assertThat(Payloads.averageSize(Payloads.generate(20_000, 7))).isBetween(100L, 125L);
  }
}
