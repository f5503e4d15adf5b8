package dev.vigil.pipeline.enrich;

import dev.vigil.pipeline.coders.CustomerCoder;
import dev.vigil.pipeline.metrics.VigilMetric;
import dev.vigil.pipeline.zones.ZoneTable;
import dev.vigil.wire.Customer;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The customer table as ONE side-input value: a {@code Map<sensorId, Customer>} behind a singleton view. On Flink a
 * {@code View.asMap} over 50,000 entries is rebuilt on every lookup (~400 el/s); one map in a singleton is read once
 * per refresh.
 *
 * <p>Where the rows come from is pluggable: a {@code reload} transform turns a tick into the table's rows (the
 * live pipeline plugs {@code CassandraIO.readAll()} in, see ReadCustomersFromCassandra; tests plug in {@code Create}-like transforms).
 *
 * <p>Refreshing ("slowly updating global window side input"): {@link PeriodicImpulse} ticks, each tick in a fixed
 * window of its own; the reload runs per tick and the rows are combined into a map PER WINDOW, which Beam only emits
 * once the watermark has passed the window, i.e. once every row of that tick's reload has arrived. So a refresh is
 * always complete, never a partial map. The complete maps are then re-windowed into the global window, where each
 * new one replaces the side input's value. The price of completeness: PeriodicImpulse advances its watermark to a
 * tick only when it emits the NEXT tick, so a reload becomes visible one interval after it started; to have a map at
 * start-up the impulse starts one interval in the past (two loads at start).
 */
public final class CustomerDirectory {
  private CustomerDirectory() {}


  public static final Coder<Map<String, Customer>> MAP_CODER =
      MapCoder.of(StringUtf8Coder.of(), CustomerCoder.of());

  /** Loads the table once at start-up: for tests, batch runs and tables that never change. */
  public static PTransform<PBegin, PCollectionView<Map<String, Customer>>> loadOnce(
      PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> reload) {
    return new PTransform<>("LoadCustomersOnce") {
      @Override
      public PCollectionView<Map<String, Customer>> expand(PBegin begin) {
        return begin
            .apply("Tick", Create.of(Instant.now()).withCoder(InstantCoder.of()))
            .apply("Reload", reload)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), CustomerCoder.of()))
            .apply("ToOneMap", Combine.globally(new ToMap()))
            .setCoder(MAP_CODER)
            .apply("Counted", ParDo.of(new CountSnapshot()))
            .setCoder(MAP_CODER)
            .apply("AsSingleton", View.asSingleton());
      }
    };
  }

  /** Reloads the whole table every {@code interval}, without restarting the pipeline. */
  public static PTransform<PBegin, PCollectionView<Map<String, Customer>>> refreshEvery(
      Duration interval, PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> reload) {
    return refreshUntil(interval, reload, null);
  }

  /** As {@link #refreshEvery}, with a last tick (null: never stop), so that a test pipeline can finish. */
  static PTransform<PBegin, PCollectionView<Map<String, Customer>>> refreshUntil(
      Duration interval, PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> reload, Instant stop) {
    return new PTransform<>("RefreshCustomers") {
      @Override
      public PCollectionView<Map<String, Customer>> expand(PBegin begin) {
        PeriodicImpulse ticks = PeriodicImpulse.create().startAt(Instant.now().minus(interval)).withInterval(interval);
        return begin
            .apply("Ticks", stop == null ? ticks : ticks.stopAt(stop))
            .apply("Snapshots", snapshots(interval, reload))
            .apply("IntoGlobalWindow", latestInGlobalWindow());
      }
    };
  }

  /**
   * Ticks in, one COMPLETE snapshot per tick out, as {@code KV<version, map>} where the version is the end of the
   * tick's window. Exposed so that tests can drive it with TestStream ticks.
   */
  public static PTransform<PCollection<Instant>, PCollection<KV<Instant, Map<String, Customer>>>> snapshots(
      Duration interval, PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> reload) {
    return new PTransform<>("CustomerSnapshots") {
      @Override
      public PCollection<KV<Instant, Map<String, Customer>>> expand(PCollection<Instant> ticks) {
        return ticks
            .apply("WindowPerTick", Window.into(FixedWindows.of(interval)))
            .apply("Reload", reload)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), CustomerCoder.of()))
            // Fires once per window, at the watermark: after the last row of this tick's reload.
            .apply("ToOneMap", Combine.globally(new ToMap()).withoutDefaults())
            .setCoder(MAP_CODER)
            .apply("Version", ParDo.of(new VersionByWindow()))
            .setCoder(KvCoder.of(InstantCoder.of(), MAP_CODER));
      }
    };
  }

  /** Complete snapshots in (any windows), a singleton view that always holds the newest one. */
  static PTransform<PCollection<KV<Instant, Map<String, Customer>>>, PCollectionView<Map<String, Customer>>>
      latestInGlobalWindow() {
    return new PTransform<>("LatestSnapshot") {
      @Override
      public PCollectionView<Map<String, Customer>> expand(PCollection<KV<Instant, Map<String, Customer>>> in) {
        return in
            .apply("Global", Window.<KV<Instant, Map<String, Customer>>>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
                .discardingFiredPanes()
                // No empty pane when the window closes (a stopped impulse): it would replace the last map with
                // nothing ("Empty PCollection accessed as a singleton view").
                .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY))
            // Should two snapshots land in one pane (a slow pipeline), keep only the newer one: a singleton view
            // must see exactly one value per pane.
            .apply("Newest", Combine.globally(new Newest()).withoutDefaults())
            .setCoder(MAP_CODER)
            .apply("AsSingleton", View.asSingleton());
      }
    };
  }

  /** Rows to one map; fills in a missing zone (or geohash) from the zone table so that every entry is usable. */
  static final class ToMap extends Combine.CombineFn<KV<String, Customer>, Map<String, Customer>, Map<String, Customer>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Customer> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Customer> addInput(Map<String, Customer> map, KV<String, Customer> row) {
      map.put(row.getKey(), located(row.getValue()));
      return map;
    }

    @Override
    public Map<String, Customer> mergeAccumulators(Iterable<Map<String, Customer>> maps) {
      Map<String, Customer> merged = new HashMap<>();
      for (Map<String, Customer> map : maps) {
        merged.putAll(map);
      }
      return merged;
    }

    @Override
    public Map<String, Customer> extractOutput(Map<String, Customer> map) {
      return map;
    }

    @Override
    public Coder<Map<String, Customer>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<KV<String, Customer>> inputCoder) {
      return MAP_CODER;
    }

    @Override
    public Coder<Map<String, Customer>> getDefaultOutputCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<KV<String, Customer>> inputCoder) {
      return MAP_CODER;
    }
  }

  static final class Newest
      extends Combine.CombineFn<KV<Instant, Map<String, Customer>>, KV<Instant, Map<String, Customer>>, Map<String, Customer>> {
    private static final long serialVersionUID = 1L;
    private static final KV<Instant, Map<String, Customer>> NONE = KV.of(BoundedWindow.TIMESTAMP_MIN_VALUE, Map.of());

    @Override
    public KV<Instant, Map<String, Customer>> createAccumulator() {
      return NONE;
    }

    @Override
    public KV<Instant, Map<String, Customer>> addInput(
        KV<Instant, Map<String, Customer>> newest, KV<Instant, Map<String, Customer>> snapshot) {
      return snapshot.getKey().isAfter(newest.getKey()) ? snapshot : newest;
    }

    @Override
    public KV<Instant, Map<String, Customer>> mergeAccumulators(Iterable<KV<Instant, Map<String, Customer>>> all) {
      KV<Instant, Map<String, Customer>> newest = NONE;
      for (KV<Instant, Map<String, Customer>> snapshot : all) {
        newest = addInput(newest, snapshot);
      }
      return newest;
    }

    @Override
    public Map<String, Customer> extractOutput(KV<Instant, Map<String, Customer>> newest) {
      return newest.getValue();
    }

    @Override
    public Coder<KV<Instant, Map<String, Customer>>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<KV<Instant, Map<String, Customer>>> inputCoder) {
      return KvCoder.of(InstantCoder.of(), MAP_CODER);
    }
  }

  static final class VersionByWindow extends DoFn<Map<String, Customer>, KV<Instant, Map<String, Customer>>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element Map<String, Customer> map, BoundedWindow window,
        OutputReceiver<KV<Instant, Map<String, Customer>>> out) {
      VigilMetric.CUSTOMER_SNAPSHOTS.inc();
      out.output(KV.of(window.maxTimestamp(), map));
    }
  }

  /** Counts the one snapshot of {@link #loadOnce}, as {@link VersionByWindow} counts each refresh. */
  static final class CountSnapshot extends DoFn<Map<String, Customer>, Map<String, Customer>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element Map<String, Customer> map, OutputReceiver<Map<String, Customer>> out) {
      VigilMetric.CUSTOMER_SNAPSHOTS.inc();
      out.output(map);
    }
  }

  /** A customer with its zone (and geohash) filled in when the table row lacks them. */
  public static Customer located(Customer c) {
    boolean hasGeohash = c.geohash() != null && !c.geohash().isBlank();
    boolean hasZone = c.zone() != null && !c.zone().isBlank();
    if (hasGeohash && hasZone) {
      return c;
    }
    String geohash = hasGeohash ? c.geohash() : ZoneTable.geohashOf(c.latitude(), c.longitude(), 7);
    String zone = hasZone ? c.zone() : ZoneTable.standard().zoneOf(geohash).orElse(null);
    return new Customer(c.id(), c.name(), c.surname(), c.gender(), c.nationalId(), c.birthday(), c.streetAddress(),
        c.city(), c.zipCode(), c.country(), c.telephoneCountryCode(), c.telephoneNumber(), c.latitude(),
        c.longitude(), c.email(), c.title(), c.occupation(), c.company(), c.username(), geohash, zone);
  }
}
