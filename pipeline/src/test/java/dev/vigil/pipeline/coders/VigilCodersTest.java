package dev.vigil.pipeline.coders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.parse.DeadLetter;
import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Customer;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.pipeline.mail.MailedAlarmIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.apache.beam.sdk.util.CoderUtils;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class VigilCodersTest {
  static final Reading READING = new Reading("42959", true, false, -3.25, 30.0, 1_795_334_400_000L);
  static final Customer CUSTOMER = new Customer(7, "Ana", null, "female", "X1", "1980-01-01", "Calle 1", "Madrid",
      "28001", "Spain", "+34", "600", 40.4, -3.7, "a@example.com", null, "Engineer", "Acme", "ana", "ezjm", "Med");

  private static <T> void roundTripsDeterministically(Coder<T> coder, T value) throws Exception {
    CoderProperties.coderDecodeEncodeEqual(coder, value);
    CoderProperties.coderDeterministic(coder, value, value);
    coder.verifyDeterministic();
  }

  @Test
  void everyRecordRoundTrips() throws Exception {
    roundTripsDeterministically(ReadingCoder.of(), READING);
    roundTripsDeterministically(RecoveryCoder.of(), new Recovery("a.b:c-d_1", 5));
    roundTripsDeterministically(CustomerCoder.of(), CUSTOMER);
    roundTripsDeterministically(AlarmCoder.of(),
        new Alarm("42959/SMOKE/0-1", "42959", AlarmType.SMOKE, AlarmStatus.RAISED, 9, List.of(READING, READING), CUSTOMER));
    roundTripsDeterministically(AlarmCoder.of(),
        new Alarm("42959/OFFLINE/0-2", "42959", AlarmType.OFFLINE, AlarmStatus.CLEARED, 9, List.of(), null));
    roundTripsDeterministically(SensorEventCoder.of(), SensorEvent.of(READING));
    roundTripsDeterministically(SensorEventCoder.of(), SensorEvent.of(new Recovery("x", 1)));
    roundTripsDeterministically(SensorStateCoder.of(),
        new SensorState(READING, Set.of(AlarmType.MOTION, AlarmType.OFFLINE), 2, 1, "ezjm", null));
    roundTripsDeterministically(SensorMemoryCoder.of(),
        new SensorMemory(Map.of(AlarmType.MOTION, "3-17", AlarmType.TEMPERATURE, "t9-1"), List.of(READING),
            List.of(READING, READING), Long.MIN_VALUE, 1_795_334_400_000L, 4));
    roundTripsDeterministically(SensorMemoryCoder.of(), new SensorMemory());
    roundTripsDeterministically(MailedAlarmIdsCoder.of(), new MailedAlarmIds(List.of("a/SMOKE/1-2", "b/MOTION/t3")));
    byte[] bytes = "{\"é\"".getBytes(StandardCharsets.UTF_8);
    roundTripsDeterministically(RawRecordCoder.of(), new RawRecord(MessageKind.READING, bytes, "t", 3, 99, 1));
    roundTripsDeterministically(RawRecordCoder.of(), RawRecord.of(MessageKind.RECOVERY, new byte[0], 1));
    roundTripsDeterministically(DeadLetterCoder.of(),
        new DeadLetter(MessageKind.READING, "body: bad", bytes, null, -1, -1, 2));
    roundTripsDeterministically(AlarmCountCoder.of(), new AlarmCount(AlarmType.TEMPERATURE, 0, 60_000, 12));
    roundTripsDeterministically(AlarmTypeCoder.of(), AlarmType.OFFLINE);
  }

  @Test
  void beamPicksTheseCodersByItselfNotJavaSerialization() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertThat(registry.getCoder(Reading.class)).isSameAs(ReadingCoder.of());
    assertThat(registry.getCoder(Alarm.class)).isSameAs(AlarmCoder.of());
    assertThat(registry.getCoder(Customer.class)).isSameAs(CustomerCoder.of());
    assertThat(registry.getCoder(SensorState.class)).isSameAs(SensorStateCoder.of());
  }

  /**
   * A cell written by the first release (no version byte; active alarms as a mask): MOTION and OFFLINE active, one
   * smoke and two over-temperature readings, states last out with MOTION only. Flink state and savepoints hold such
   * cells, so they must keep reading after an upgrade.
   */
  @Test
  void aSensorMemoryOfTheFirstReleaseStillReads() throws Exception {
    byte[] firstRelease = HexFormat.of().parseHex(
        "0901053432393539024035800000000000403e000000000000000001a20244e80002053432393539004041a00000000000403e00"
        + "0000000000000001a20244ebe8053432393539014042000000000000403e000000000000000001a20244efd0000001a20244ef"
        + "d0000001a20244e80001");
    SensorMemory memory = CoderUtils.decodeFromByteArray(SensorMemoryCoder.of(), firstRelease);
    Reading smoke = new Reading("42959", false, true, 21.5, 30.0, 1_795_334_400_000L);
    Reading hot1 = new Reading("42959", false, false, 35.25, 30.0, 1_795_334_401_000L);
    Reading hot2 = new Reading("42959", true, false, 36.0, 30.0, 1_795_334_402_000L);
    assertThat(memory).isEqualTo(new SensorMemory(Map.of(AlarmType.MOTION, "v1", AlarmType.OFFLINE, "v1"),
        List.of(smoke), List.of(hot1, hot2), 1_795_334_402_000L, 1_795_334_400_000L, 0b0001));
    // Written again, it is format 2, and reads back the same.
    byte[] now = CoderUtils.encodeToByteArray(SensorMemoryCoder.of(), memory);
    assertThat(now[0] & 0xff).isEqualTo(0x80 | SensorMemoryCoder.FORMAT);
    assertThat(CoderUtils.decodeFromByteArray(SensorMemoryCoder.of(), now)).isEqualTo(memory);
  }

  @Test
  void aFormatNewerThanThisBuildFailsLoudly() throws Exception {
    byte[] bytes = CoderUtils.encodeToByteArray(SensorMemoryCoder.of(), new SensorMemory());
    bytes[0] = (byte) (0x80 | 9);
    assertThatThrownBy(() -> SensorMemoryCoder.of().decode(new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SensorMemory state written in format 9")
        .hasMessageContaining("reads formats 1 to 2");
    byte[] alarm = CoderUtils.encodeToByteArray(AlarmCoder.of(),
        new Alarm("42959/SMOKE/0-1", "42959", AlarmType.SMOKE, AlarmStatus.RAISED, 9, List.of(), null));
    alarm[0] = (byte) (0x80 | 3);
    assertThatThrownBy(() -> AlarmCoder.of().decode(new ByteArrayInputStream(alarm)))
        .isInstanceOf(IOException.class).hasMessageContaining("Alarm written in format 3");
  }

  /** An alarm event written by the first release (no version, no id) reads with the id {@code <sensor>/<TYPE>/v1}. */
  @Test
  void anAlarmOfTheFirstReleaseStillReads() throws Exception {
    byte[] firstRelease = HexFormat.of().parseHex(
        "053432393539010000000000000000090105343239353902403580000000000040"
        + "3e000000000000000001a20244e80000");
    Alarm alarm = CoderUtils.decodeFromByteArray(AlarmCoder.of(), firstRelease);
    assertThat(alarm).isEqualTo(new Alarm("42959/SMOKE/v1", "42959", AlarmType.SMOKE, AlarmStatus.RAISED, 9,
        List.of(new Reading("42959", false, true, 21.5, 30.0, 1_795_334_400_000L)), null));
  }

  /** The codes are persisted: they must never change, whatever the order of the constants. */
  @Test
  void enumsAreWrittenByFixedCodes() throws Exception {
    assertThat(List.of(AlarmType.MOTION.code(), AlarmType.SMOKE.code(), AlarmType.TEMPERATURE.code(),
        AlarmType.OFFLINE.code())).containsExactly(0, 1, 2, 3);
    assertThat(List.of(AlarmStatus.RAISED.code(), AlarmStatus.CLEARED.code())).containsExactly(0, 1);
    assertThat(List.of(MessageKind.READING.code(), MessageKind.RECOVERY.code(), MessageKind.ALARM.code(),
        MessageKind.UNKNOWN.code())).containsExactly(0, 1, 2, 3);
    for (AlarmType type : AlarmType.values()) {
      assertThat(AlarmType.ofCode(type.code())).isSameAs(type);
      assertThat(CoderUtils.encodeToByteArray(AlarmTypeCoder.of(), type)).containsExactly(type.code());
    }
    assertThatThrownBy(() -> AlarmTypeCoder.of().decode(new ByteArrayInputStream(new byte[] {42})))
        .isInstanceOf(IOException.class).hasMessageContaining("unknown alarm type code 42");
  }

  @Test
  void aReadingIsSmall() throws Exception {
    assertThat(org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(ReadingCoder.of(), READING)).hasSize(1 + 5 + 1 + 24);
  }
}
