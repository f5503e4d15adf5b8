package dev.vigil.pipeline.enrich;

import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Customer;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/** Puts each sensor state on the map: geohash and zone from the sensor's customer (left null when unknown). */
public final class LocateSensorStates extends PTransform<PCollection<SensorState>, PCollection<SensorState>> {
  private static final long serialVersionUID = 1L;

  private final PCollectionView<Map<String, Customer>> customers;

  private LocateSensorStates(PCollectionView<Map<String, Customer>> customers) {
    this.customers = customers;
  }

  public static LocateSensorStates from(PCollectionView<Map<String, Customer>> customers) {
    return new LocateSensorStates(customers);
  }

  @Override
  public PCollection<SensorState> expand(PCollection<SensorState> states) {
    return states
        .apply("LookUpLocation", ParDo.of(new LocateFn(customers)).withSideInputs(customers));
  }

  static final class LocateFn extends DoFn<SensorState, SensorState> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Map<String, Customer>> customers;

    LocateFn(PCollectionView<Map<String, Customer>> customers) {
      this.customers = customers;
    }

    @ProcessElement
    public void processElement(@Element SensorState state, ProcessContext context) {
      Customer owner = context.sideInput(customers).get(state.sensorId());
      context.output(owner == null ? state : state.withLocation(owner.geohash(), owner.zone()));
    }
  }
}
