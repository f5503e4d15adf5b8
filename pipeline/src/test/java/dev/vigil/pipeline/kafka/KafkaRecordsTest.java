package dev.vigil.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.pipeline.parse.MessageKind;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The readings topic is one log per sensor: its {@code vigil.kind} header tells a reading from a recovery. */
class KafkaRecordsTest {

  private static RecordHeaders kind(String value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("vigil.kind", value.getBytes(StandardCharsets.US_ASCII));
    return headers;
  }

  @Test
  void theKindHeaderSaysWhatARecordHolds() {
    assertThat(KafkaRecords.kindOf(kind("reading"))).isEqualTo(MessageKind.READING);
    assertThat(KafkaRecords.kindOf(kind("recovery"))).isEqualTo(MessageKind.RECOVERY);
  }

  @Test
  void noHeaderIsAReadingAndAnUnknownOneIsNeither() {
    assertThat(KafkaRecords.kindOf(new RecordHeaders())).isEqualTo(MessageKind.READING);
    assertThat(KafkaRecords.kindOf(null)).isEqualTo(MessageKind.READING);
    assertThat(KafkaRecords.kindOf(kind("Recovery"))).isEqualTo(MessageKind.UNKNOWN);
    assertThat(KafkaRecords.kindOf(kind("alarm"))).isEqualTo(MessageKind.UNKNOWN);
  }
}
