package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.mail.MailedAlarmIds;
import dev.vigil.pipeline.parse.DeadLetter;
import dev.vigil.pipeline.parse.RawRecord;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Customer;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviderRegistrar;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Makes Beam pick Vigil's hand-written coders for Vigil's records in every pipeline, found through
 * {@code META-INF/services}; without it Beam would fall back to Java serialization (the records are Serializable
 * because the wire module keeps them engine-free), which is slow and not deterministic.
 */
public final class VigilCoders implements CoderProviderRegistrar {

  @Override
  public List<CoderProvider> getCoderProviders() {
    return List.of(
        CoderProviders.forCoder(TypeDescriptor.of(Reading.class), ReadingCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(Recovery.class), RecoveryCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(Customer.class), CustomerCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(Alarm.class), AlarmCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(AlarmType.class), AlarmTypeCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(SensorEvent.class), SensorEventCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(SensorState.class), SensorStateCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(SensorMemory.class), SensorMemoryCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(RawRecord.class), RawRecordCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), DeadLetterCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(AlarmCount.class), AlarmCountCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(MailedAlarmIds.class), MailedAlarmIdsCoder.of()));
  }
}
