package dev.vigil.pipeline.customers;

import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import dev.vigil.pipeline.coders.CustomerCoder;
import dev.vigil.wire.Customer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.cassandra.CassandraIO;
import org.apache.beam.sdk.io.cassandra.Mapper;
import org.apache.beam.sdk.io.cassandra.RingRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * The {@code customerReload} edge: each tick becomes {@code --cassandraReadSplits} CassandraIO read specs, one per
 * slice of the Murmur3 token ring, which {@code CassandraIO.readAll()} reshuffles and reads in parallel; each row
 * becomes one {@code KV<sensorId, Customer>} per sensor the customer owns.
 *
 * <p>Why specs with explicit ring ranges: {@code readAll()} does not split a spec itself, and a spec with neither a
 * query nor ring ranges makes it run {@code SELECT * FROM t WHERE } (a syntax error). CassandraIO appends
 * {@code WHERE (token(id) >= ?) AND (token(id) < ?)} to our query, so the query has no WHERE of its own.
 */
public final class ReadCustomersFromCassandra
    extends PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> {
  private static final long serialVersionUID = 1L;
  private static final BigInteger MIN_TOKEN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger RING_SIZE = BigInteger.ONE.shiftLeft(64);

  private final CassandraOptions options;

  private ReadCustomersFromCassandra(CassandraOptions options) {
    super("ReadCustomersFromCassandra");
    this.options = options;
  }

  public static ReadCustomersFromCassandra from(CassandraOptions options) {
    return new ReadCustomersFromCassandra(options);
  }

  @Override
  public PCollection<KV<String, Customer>> expand(PCollection<Instant> ticks) {
    KvCoder<String, Customer> coder = KvCoder.of(StringUtf8Coder.of(), CustomerCoder.of());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<KV<String, Customer>> entity = (Class) KV.class;
    CassandraIO.Read<KV<String, Customer>> spec = CassandraIO.<KV<String, Customer>>read()
        .withHosts(Arrays.stream(options.getCassandraHosts().split(",")).map(String::strip).toList())
        .withPort(options.getCassandraPort())
        .withKeyspace(options.getCassandraKeyspace())
        .withTable(options.getCustomersTable())
        .withQuery(CustomerTable.selectAll(options.getCassandraKeyspace(), options.getCustomersTable()))
        .withConsistencyLevel(options.getCassandraConsistency())
        .withEntity(entity)
        .withCoder(coder)
        .withMapperFactoryFn(new SensorRowsMapperFactory());
    if (!options.getCassandraLocalDc().isBlank()) {
      spec = spec.withLocalDc(options.getCassandraLocalDc());
    }
    return ticks
        .apply("ReadSpecs", ParDo.of(new ReadSpecsFn(spec, ringSlices(options.getCassandraReadSplits()))))
        .setCoder(SerializableCoder.of(new TypeDescriptor<CassandraIO.Read<KV<String, Customer>>>() {}))
        .apply("CassandraReadAll", CassandraIO.<KV<String, Customer>>readAll().withCoder(coder));
  }

  /**
   * The whole Murmur3 ring, [-2^63, 2^63-1], cut into {@code n} slices. The last slice wraps around to the ring's
   * minimum, so CassandraIO reads it as {@code token >= start} (plus an empty {@code token < min}) and the maximum
   * token, which a half-open upper bound would miss, is included.
   */
  static List<RingRange> ringSlices(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("--cassandraReadSplits must be at least 1, got " + n);
    }
    List<RingRange> slices = new ArrayList<>(n);
    BigInteger step = RING_SIZE.divide(BigInteger.valueOf(n));
    for (int i = 0; i < n; i++) {
      BigInteger start = MIN_TOKEN.add(step.multiply(BigInteger.valueOf(i)));
      BigInteger end = i == n - 1 ? MIN_TOKEN : start.add(step);
      slices.add(RingRange.of(start, end));
    }
    return slices;
  }

  static final class ReadSpecsFn extends DoFn<Instant, CassandraIO.Read<KV<String, Customer>>> {
    private static final long serialVersionUID = 1L;
    private final CassandraIO.Read<KV<String, Customer>> spec;
    private final List<RingRange> slices;

    ReadSpecsFn(CassandraIO.Read<KV<String, Customer>> spec, List<RingRange> slices) {
      this.spec = spec;
      this.slices = slices;
    }

    @ProcessElement
    public void processElement(OutputReceiver<CassandraIO.Read<KV<String, Customer>>> out) {
      for (RingRange slice : slices) {
        out.output(spec.withRingRanges(Set.of(slice)));
      }
    }
  }

  /** Builds the row mapper on the worker, from CassandraIO's session. */
  @SuppressWarnings("rawtypes")
  static final class SensorRowsMapperFactory implements SerializableFunction<Session, Mapper> {
    private static final long serialVersionUID = 1L;

    @Override
    public Mapper apply(Session session) {
      return new SensorRowsMapper();
    }
  }

  /** One customer row in, one {@code KV<sensorId, Customer>} per sensor out; geohash / zone filled in if missing. */
  static final class SensorRowsMapper implements Mapper<KV<String, Customer>> {
    @Override
    public Iterator<KV<String, Customer>> map(ResultSet resultSet) {
      List<KV<String, Customer>> entries = new ArrayList<>();
      for (Row row : resultSet) {
        CustomerRow customerRow = CustomerTable.fromRow(row);
        Customer customer = dev.vigil.pipeline.enrich.CustomerDirectory.located(customerRow.customer());
        for (String sensorId : customerRow.sensorIds()) {
          entries.add(KV.of(sensorId, customer));
        }
      }
      return entries.iterator();
    }

    @Override
    public Future<Void> deleteAsync(KV<String, Customer> entity) {
      throw new UnsupportedOperationException("the customer table is read-only for the pipeline");
    }

    @Override
    public Future<Void> saveAsync(KV<String, Customer> entity) {
      throw new UnsupportedOperationException("the customer table is read-only for the pipeline");
    }
  }
}
