package dev.vigil.bench.nativeflink;

import dev.vigil.pipeline.coders.AlarmCoder;
import dev.vigil.pipeline.coders.ReadingCoder;
import dev.vigil.pipeline.coders.SensorMemoryCoder;
import dev.vigil.pipeline.coders.SensorStateCoder;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.Reading;
import org.apache.beam.runners.flink.translation.types.CoderTypeInformation;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink type information for Vigil's records, serialised with the pipeline's own hand-written coders.
 *
 * <p>Why not Flink's own: {@code Reading}, {@code Alarm} and {@code SensorState} are Java records and
 * {@code SensorMemory} has no setters, so Flink's type extraction treats them as generic types and falls back to Kryo,
 * which cannot rebuild a record (no no-arg constructor, final fields). Why Beam's {@link CoderTypeInformation} rather
 * than a TypeSerializer of our own: it is the very adapter Beam's Flink runner wraps around the same coders for the
 * same streams and the same {@code ValueState<SensorMemory>}, so both jobs pay the same bytes per record and per state
 * write; the comparison then measures the engines, not two serialisations. (The heap state backend keeps objects and
 * only serialises on snapshots, which a bounded run without checkpoints never takes.)
 */
final class VigilTypes {
  static final TypeInformation<Reading> READING = of(ReadingCoder.of());
  static final TypeInformation<Alarm> ALARM = of(AlarmCoder.of());
  static final TypeInformation<SensorState> SENSOR_STATE = of(SensorStateCoder.of());
  static final TypeInformation<SensorMemory> SENSOR_MEMORY = of(SensorMemoryCoder.of());

  private VigilTypes() {}

  private static <T> TypeInformation<T> of(Coder<T> coder) {
    return new CoderTypeInformation<>(coder, PipelineOptionsFactory.create());
  }
}
