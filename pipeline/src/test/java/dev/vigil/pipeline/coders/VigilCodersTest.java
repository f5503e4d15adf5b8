package dev.vigil.pipeline.coders;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
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
        new Alarm("42959", AlarmType.SMOKE, AlarmStatus.RAISED, 9, List.of(READING, READING), CUSTOMER));
    roundTripsDeterministically(AlarmCoder.of(),
        new Alarm("42959", AlarmType.OFFLINE, AlarmStatus.CLEARED, 9, List.of(), null));
    roundTripsDeterministically(SensorEventCoder.of(), SensorEvent.of(READING));
    roundTripsDeterministically(SensorEventCoder.of(), SensorEvent.of(new Recovery("x", 1)));
    roundTripsDeterministically(SensorStateCoder.of(),
        new SensorState(READING, Set.of(AlarmType.MOTION, AlarmType.OFFLINE), 2, 1, "ezjm", null));
    roundTripsDeterministically(SensorMemoryCoder.of(),
        new SensorMemory(5, List.of(READING), List.of(READING, READING), Long.MIN_VALUE, 1_795_334_400_000L, 4));
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

  @Test
  void aReadingIsSmall() throws Exception {
    assertThat(org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(ReadingCoder.of(), READING)).hasSize(1 + 5 + 1 + 24);
  }
}
