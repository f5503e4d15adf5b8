package dev.vigil.bench.topic;

import dev.vigil.pipeline.testing.SensorDrift;
import dev.vigil.pipeline.testing.SyntheticSensors;
import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * The benchmark's readings topic, record by record, without holding it in memory: the same seed always gives the same
 * records in the same partitions in the same order.
 *
 * <p>Modelled on the pipeline's {@link SyntheticSensors} (sensors drift in and out of smoky and hot spells so that
 * streaks of three raise alarms, sometimes fall silent past the count lapse, sometimes send a reading out of order;
 * ~3% motion, ~1% malformed), with three differences that the comparison needs:
 * <ul>
 *   <li>Every partition gets exactly {@code records / partitions} records (record i goes to partition i mod P, from a
 *       sensor of that partition). Beam's {@code KafkaIO.withMaxNumRecords(n)} gives each split n / splits records;
 *       with equal partitions that is exactly "everything up to the end", the same bound as the native job's.</li>
 *   <li>A sensor always writes to one partition (sensor index mod P), as the gateway's keying by sensor id does, so
 *       both engines see each sensor's readings in one order.</li>
 *   <li>Only single JSON readings and malformed records: no legacy positional form and no arrays, which
 *       {@code ParseRecords} accepts and a bare {@code WireFormat.parseReading} does not. Both sides then accept and
 *       reject exactly the same records (checked by BenchReadingsTest).</li>
 * </ul>
 */
public final class BenchReadings {
  private static final String[] MALFORMED = {
      "{\"sensorId\":\"%s\",\"motion\":\"yes\",\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}",
      "{\"sensorId\":\"%s\",\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}",
      "{\"sensorId\":\"%s\",\"motion\":false,\"smoke\":false,\"temperature\":20,",
      "not json at all: %s",
  };

  /** Receives each record in order. */
  @FunctionalInterface
  public interface RecordSink {
    void accept(int partition, String sensorId, byte[] payload);
  }

  private final long seed;
  private final int sensors;
  private final int partitions;
  private final long records;

  public BenchReadings(long seed, int sensors, int partitions, long records) {
    if (partitions < 1 || sensors % partitions != 0 || records % partitions != 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "sensors (%d) and records (%d) must be multiples of the partitions (%d), so that partitions are equal",
          sensors, records, partitions));
    }
    this.seed = seed;
    this.sensors = sensors;
    this.partitions = partitions;
    this.records = records;
  }

  public long records() {
    return records;
  }

  public int partitions() {
    return partitions;
  }

  public long recordsPerPartition() {
    return records / partitions;
  }

  /** Generates every record, in order, into {@code sink}. */
  public void generate(RecordSink sink) {
    Random random = new Random(seed);
    SensorDrift drift = new SensorDrift(random, sensors);
    int sensorsPerPartition = sensors / partitions;
    for (long i = 0; i < records; i++) {
      int partition = (int) (i % partitions);
      int s = partition + partitions * random.nextInt(sensorsPerPartition);
      String id = SyntheticSensors.sensorId(s);
      if (random.nextDouble() < 0.01) {
        String bad = String.format(Locale.ROOT, MALFORMED[random.nextInt(MALFORMED.length)], id);
        sink.accept(partition, id, bad.getBytes(StandardCharsets.UTF_8));
        continue;
      }
      sink.accept(partition, id, WireFormat.toJson(drift.next(s, id)));
    }
  }
}
