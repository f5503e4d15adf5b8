package dev.vigil.pipeline.enrich;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.Customer;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Attaches the sensor's customer to every alarm event. An unknown sensor keeps a null customer rather than being
 * dropped: an alarm nobody can be told about is still an alarm (and the counter says how often it happens).
 */
public final class AttachCustomers extends PTransform<PCollection<Alarm>, PCollection<Alarm>> {
  private static final long serialVersionUID = 1L;

  private final PCollectionView<Map<String, Customer>> customers;

  private AttachCustomers(PCollectionView<Map<String, Customer>> customers) {
    this.customers = customers;
  }

  public static AttachCustomers from(PCollectionView<Map<String, Customer>> customers) {
    return new AttachCustomers(customers);
  }

  @Override
  public PCollection<Alarm> expand(PCollection<Alarm> alarms) {
    return alarms
        .apply("LookUpCustomer", ParDo.of(new AttachFn(customers)).withSideInputs(customers));
  }

  static final class AttachFn extends DoFn<Alarm, Alarm> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Map<String, Customer>> customers;
    private final Counter unknownSensors = Metrics.counter(AttachCustomers.class, "alarmsOfUnknownSensors");

    AttachFn(PCollectionView<Map<String, Customer>> customers) {
      this.customers = customers;
    }

    @ProcessElement
    public void processElement(@Element Alarm alarm, ProcessContext context) {
      Customer owner = context.sideInput(customers).get(alarm.sensorId());
      if (owner == null) {
        unknownSensors.inc();
      }
      context.output(alarm.withCustomer(owner));
    }
  }
}
