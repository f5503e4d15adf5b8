package dev.vigil.pipeline.enrich;

import static org.junit.Assert.assertEquals;

import dev.vigil.pipeline.coders.AlarmCoder;
import dev.vigil.pipeline.coders.CustomerCoder;
import dev.vigil.pipeline.coders.SensorStateCoder;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Customer;
import dev.vigil.wire.Reading;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CustomerDirectoryTest {
  private static final long T0 = 1_795_334_400_000L; // a multiple of five minutes
  private static final int ROWS = 50;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  static Customer customer(long id, String company, double latitude, double longitude, String geohash, String zone) {
    return new Customer(id, "Ana", "Pérez", "female", "X" + id, "1980-01-01", "Calle 1", "Madrid", "28001", "Spain",
        "+34", "600000000", latitude, longitude, "ana@example.com", "Ms", "Engineer", company, "ana" + id, geohash,
        zone);
  }

  /** A reload that ignores the tick and emits a fixed table. */
  static PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> fixedTable() {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, Customer>> expand(PCollection<Instant> ticks) {
        return ticks.apply(ParDo.of(new DoFn<Instant, KV<String, Customer>>() {
          @ProcessElement
          public void processElement(OutputReceiver<KV<String, Customer>> out) {
            out.output(KV.of("s1", customer(1, "Acme", 40.4168, -3.7038, "ezjmgtw", "Mediterranean")));
            out.output(KV.of("s2", customer(2, "Acme", 51.5074, -0.1278, null, null))); // London, no location yet
          }
        }));
      }
    };
  }

  @Test
  public void alarmsAndStatesGetTheirCustomerAndUnknownSensorsKeepNone() {
    PCollectionView<Map<String, Customer>> customers = pipeline.apply(CustomerDirectory.loadOnce(fixedTable()));
    Alarm known = new Alarm("s1/MOTION/0-1", "s1", AlarmType.MOTION, AlarmStatus.RAISED, T0, List.of(), null);
    Alarm unknown = new Alarm("s9/MOTION/0-2", "s9", AlarmType.MOTION, AlarmStatus.RAISED, T0, List.of(), null);
    PCollection<Alarm> enriched = pipeline.apply("Alarms", Create.of(known, unknown).withCoder(AlarmCoder.of()))
        .apply(AttachCustomers.from(customers));
    PAssert.that(enriched).containsInAnyOrder(
        known.withCustomer(customer(1, "Acme", 40.4168, -3.7038, "ezjmgtw", "Mediterranean")),
        unknown);

    SensorState london = new SensorState(new Reading("s2", false, false, 20, 30, T0), Set.of(), 0, 0, null, null);
    PCollection<SensorState> located = pipeline
        .apply("States", Create.of(london).withCoder(SensorStateCoder.of()))
        .apply(LocateSensorStates.from(customers));
    PAssert.that(located).satisfies(states -> {
      SensorState state = states.iterator().next();
      assertEquals("gcpvj0d", state.geohash()); // computed from latitude and longitude
      assertEquals("UK", state.zone());          // and the zone from zones.csv
      return null;
    });
    pipeline.run();
  }

  /** Each tick's reload, however many bundles its rows come in, yields ONE map with ALL rows: never a partial map. */
  @Test
  public void eachRefreshYieldsOneCompleteSnapshot() {
    Duration interval = Duration.standardMinutes(5);
    TestStream<Instant> ticks = TestStream.create(InstantCoder.of())
        .addElements(TimestampedValue.of(new Instant(T0), new Instant(T0)))
        .advanceWatermarkTo(new Instant(T0).plus(interval))
        .addElements(TimestampedValue.of(new Instant(T0).plus(interval), new Instant(T0).plus(interval)))
        .advanceWatermarkToInfinity();
    PCollection<KV<Instant, Map<String, Customer>>> snapshots =
        pipeline.apply(ticks).apply(CustomerDirectory.snapshots(interval, new VersionedTable()));

    IntervalWindow first = new IntervalWindow(new Instant(T0), interval);
    IntervalWindow second = new IntervalWindow(new Instant(T0).plus(interval), interval);
    PAssert.that(snapshots).inWindow(first).satisfies(all -> assertOneCompleteVersion(all, "v" + T0));
    PAssert.that(snapshots).inWindow(second).satisfies(
        all -> assertOneCompleteVersion(all, "v" + (T0 + interval.getMillis())));
    pipeline.run();
  }

  /**
   * The production path: PeriodicImpulse ticks every second (stopping after a few, so the test ends), complete maps
   * behind a singleton view; alarms wait for the first map and then get their customer from it.
   */
  @Test
  public void aPeriodicallyRefreshedDirectoryEnrichesAlarms() {
    Duration interval = Duration.standardSeconds(1);
    PCollectionView<Map<String, Customer>> customers = pipeline.apply(CustomerDirectory.refreshUntil(
        interval, new VersionedTable(), Instant.now().plus(Duration.standardSeconds(3))));
    Alarm alarm = new Alarm("s7/SMOKE/0-3", "s7", AlarmType.SMOKE, AlarmStatus.RAISED, T0, List.of(), null);
    PCollection<Alarm> enriched = pipeline.apply("Alarms", Create.of(alarm).withCoder(AlarmCoder.of()))
        .apply(AttachCustomers.from(customers));
    PAssert.that(enriched).satisfies(alarms -> {
      Alarm only = alarms.iterator().next();
      assertEquals(7L, only.customer().id());
      assertEquals("CentroEurope", only.customer().zone()); // 48.85, 2.35: Paris
      return null;
    });
    pipeline.run();
  }

  private static Void assertOneCompleteVersion(Iterable<KV<Instant, Map<String, Customer>>> all, String version) {
    List<KV<Instant, Map<String, Customer>>> list = new java.util.ArrayList<>();
    all.forEach(list::add);
    assertEquals("one snapshot per refresh", 1, list.size());
    Map<String, Customer> map = list.get(0).getValue();
    assertEquals("every row of the reload", ROWS, map.size());
    map.values().forEach(c -> assertEquals(version, c.company()));
    return null;
  }

  /** A reload whose rows name the tick they came from, spread over several bundles by a reshuffle. */
  static final class VersionedTable extends PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> {
    @Override
    public PCollection<KV<String, Customer>> expand(PCollection<Instant> ticks) {
      return ticks
          .apply(ParDo.of(new DoFn<Instant, KV<String, Customer>>() {
            @ProcessElement
            public void processElement(@Element Instant tick, OutputReceiver<KV<String, Customer>> out) {
              for (int i = 0; i < ROWS; i++) {
                out.output(KV.of("s" + i, customer(i, "v" + tick.getMillis(), 48.85, 2.35, null, null)));
              }
            }
          }))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), CustomerCoder.of()))
          .apply(Reshuffle.viaRandomKey());
    }
  }
}
