package dev.vigil.pipeline.testing;

import dev.vigil.pipeline.coders.CustomerCoder;
import dev.vigil.pipeline.coders.RawRecordCoder;
import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.wire.Customer;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.WireFormat;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * A deterministic fleet of sensors for demos, the runner parity test and the benchmark: the same seed always gives
 * the same records in the same order. Sensors drift in and out of smoky / hot spells so that streaks of three happen,
 * sometimes fall silent past the count lapse, sometimes send a reading out of order, and some messages are
 * malformed. About 3% of events are recoveries and 1% malformed.
 */
public final class SyntheticSensors implements Serializable {
  private static final long serialVersionUID = 1L;
  /** 2026-11-22T08:00:00Z: a fixed start so that runs are comparable. */
  public static final long START_MILLIS = 1_795_334_400_000L;
  private static final String[] MALFORMED = {
      "{\"sensorId\":\"%s\",\"motion\":\"yes\",\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}",
      "{\"sensorId\":\"%s\",\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}",
      "{\"sensorId\":\"%s\",\"motion\":false,\"smoke\":false,\"temperature\":20,",
      "{\"%s\",\"true\",\"false\",\"25.5\"}",
      "not json at all: %s",
  };

  private final long seed;
  private final int sensors;
  private final int readings;

  public SyntheticSensors(long seed, int sensors, int readings) {
    this.seed = seed;
    this.sensors = sensors;
    this.readings = readings;
  }

  public static String sensorId(int index) {
    return String.format(Locale.ROOT, "s%05d", index);
  }

  /** Every record, in arrival order: {@code readings} valid readings plus recoveries and malformed records. */
  public List<RawRecord> generate() {
    Random random = new Random(seed);
    SensorDrift drift = new SensorDrift(random, sensors);
    long[] offsets = new long[6];
    List<RawRecord> records = new ArrayList<>(readings + readings / 10);
    for (int produced = 0; produced < readings; produced++) {
      int s = random.nextInt(sensors);
      String id = sensorId(s);
      Reading reading = drift.next(s, id);
      long timestamp = reading.timestamp();
      int partition = s % 3;
      byte[] body;
      long receivedAt = timestamp;
      if (random.nextDouble() < 0.02) {
        body = String.format(Locale.ROOT, "{\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"}", id, reading.motion(),
                reading.smoke(), reading.temperature(), reading.maxTemperature())
            .getBytes(StandardCharsets.UTF_8); // legacy positional: event time = time received
      } else {
        body = WireFormat.toJson(reading);
        receivedAt = timestamp + 150;
      }
      records.add(new RawRecord(MessageKind.READING, body, "readings", partition, offsets[partition]++, receivedAt));

      if (random.nextDouble() < 0.03) {
        int r = random.nextInt(sensors);
        Recovery recovery = new Recovery(sensorId(r), drift.clock(r) + 1_000);
        records.add(new RawRecord(MessageKind.RECOVERY, WireFormat.toJson(recovery), "recoveries", r % 3,
            offsets[3 + r % 3]++, drift.clock(r) + 1_100));
      }
      if (random.nextDouble() < 0.01) {
        String bad = String.format(Locale.ROOT, MALFORMED[random.nextInt(MALFORMED.length)], id);
        records.add(new RawRecord(MessageKind.READING, bad.getBytes(StandardCharsets.UTF_8), "readings", partition,
            offsets[partition]++, timestamp));
      }
    }
    return records;
  }

  /**
   * The generated records as a source. One Impulse and one DoFn emit them all, in order, from one worker: so every
   * runner sees each sensor's records in the same arrival order, which is what makes runs comparable.
   */
  public PTransform<PBegin, PCollection<RawRecord>> records() {
    SyntheticSensors fleet = this;
    return new PTransform<>("SyntheticRecords") {
      @Override
      public PCollection<RawRecord> expand(PBegin begin) {
        return begin.apply(Impulse.create())
            .apply("Generate", ParDo.of(new EmitAll(fleet)))
            .setCoder(RawRecordCoder.of());
      }
    };
  }

  /** A customer for 19 of every 20 sensors (the rest stay unknown), placed around the world. */
  public List<KV<String, Customer>> customerRows(long version) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    List<KV<String, Customer>> rows = new ArrayList<>(sensors);
    for (int s = 0; s < sensors; s++) {
      double latitude = -60 + random.nextDouble() * 130;
      double longitude = -180 + random.nextDouble() * 360;
      if (s % 20 == 19) {
        continue;
      }
      String id = sensorId(s);
      rows.add(KV.of(id, new Customer(s, "Name" + s, "Surname" + s, s % 2 == 0 ? "female" : "male", "ID" + s,
          "1980-01-01", s + " Main Street", "City" + s, "0" + s, "Country", "+34", "600" + s, latitude, longitude,
          "user" + s + "@example.com", "Ms", "Engineer", "Vigil v" + version, "user" + s, null, null)));
    }
    return rows;
  }

  /** The reload step for demos and tests: each tick yields the whole table. */
  public PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> customers() {
    SyntheticSensors fleet = this;
    return new PTransform<>("SyntheticCustomers") {
      @Override
      public PCollection<KV<String, Customer>> expand(PCollection<Instant> ticks) {
        return ticks.apply("Rows", ParDo.of(new CustomerRows(fleet)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), CustomerCoder.of()));
      }
    };
  }

  /** The i-th reading of an endless cheap stream, no JSON: what the rules benchmark feeds in. */
  public static SensorEvent benchmarkEvent(long i, int sensors) {
    long round = i / sensors;
    int s = (int) (i % sensors);
    long h = mix(round * 31 + s);
    boolean smoke = (h & 7) < 3;
    boolean hot = ((h >>> 3) & 7) < 3;
    boolean motion = ((h >>> 6) & 63) == 0;
    double max = 40;
    return SensorEvent.of(new Reading(sensorId(s), motion, smoke, hot ? 45 : 25, max,
        START_MILLIS + round * 30_000));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static final class EmitAll extends DoFn<byte[], RawRecord> {
    private static final long serialVersionUID = 1L;
    private final SyntheticSensors fleet;

    EmitAll(SyntheticSensors fleet) {
      this.fleet = fleet;
    }

    @ProcessElement
    public void processElement(OutputReceiver<RawRecord> out) {
      for (RawRecord record : fleet.generate()) {
        out.output(record);
      }
    }
  }

  static final class CustomerRows extends DoFn<Instant, KV<String, Customer>> {
    private static final long serialVersionUID = 1L;
    private final SyntheticSensors fleet;

    CustomerRows(SyntheticSensors fleet) {
      this.fleet = fleet;
    }

    @ProcessElement
    public void processElement(@Element Instant tick, OutputReceiver<KV<String, Customer>> out) {
      for (KV<String, Customer> row : fleet.customerRows(tick.getMillis())) {
        out.output(row);
      }
    }
  }
}
