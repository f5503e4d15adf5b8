package dev.vigil.wire;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SensorLogTest {

  @Test
  void headerNamesAndValuesAreTheContract() {
    assertThat(SensorLog.KIND_HEADER).isEqualTo("vigil.kind");
    assertThat(SensorLog.Kind.READING.headerValue()).isEqualTo("reading");
    assertThat(SensorLog.Kind.RECOVERY.headerValue()).isEqualTo("recovery");
    assertThat(SensorLog.Kind.RECOVERY.headerBytes()).isEqualTo("recovery".getBytes(US_ASCII));
  }

  @Test
  void kindComesFromTheHeaderAndNoHeaderIsAReading() throws Exception {
    assertThat(SensorLog.kindOf(null)).isEqualTo(SensorLog.Kind.READING);
    assertThat(SensorLog.kindOf("reading".getBytes(US_ASCII))).isEqualTo(SensorLog.Kind.READING);
    assertThat(SensorLog.kindOf("recovery".getBytes(US_ASCII))).isEqualTo(SensorLog.Kind.RECOVERY);
    for (SensorLog.Kind kind : SensorLog.Kind.values()) {
      assertThat(SensorLog.kindOf(kind.headerBytes())).isEqualTo(kind);
    }
  }

  @Test
  void unknownKindsAreRejectedWithTheHeaderNamed() {
    for (String bad : new String[] {"", "Recovery", "alarm", "reading "}) {
      assertThatThrownBy(() -> SensorLog.kindOf(bad.getBytes(US_ASCII)))
          .isInstanceOf(MalformedMessageException.class)
          .satisfies(e -> assertThat(((MalformedMessageException) e).field()).isEqualTo("vigil.kind"))
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void headerBytesCannotBeChangedThroughTheCopy() throws Exception {
    byte[] copy = SensorLog.Kind.READING.headerBytes();
    copy[0] = 'X';
    assertThat(SensorLog.kindOf(SensorLog.Kind.READING.headerBytes())).isEqualTo(SensorLog.Kind.READING);
  }
}
