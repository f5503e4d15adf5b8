package dev.vigil.tools.customers;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.HostDistance;
import com.datastax.driver.core.PoolingOptions;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.ResultSetFuture;
import com.datastax.driver.core.Session;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.vigil.pipeline.customers.CustomerRow;
import dev.vigil.pipeline.customers.CustomerTable;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Loads the customer table: creates the keyspace and table when absent (idempotent), then writes either
 * {@code --customers N} generated customers (deterministic for a {@code --seed}; sensor ids "1", "2", ... from
 * {@code --first-sensor-id}) or the rows of {@code --csv} files. Rewriting a customer overwrites its row.
 *
 * <p>Fast: one prepared INSERT per row, executed asynchronously with at most {@code --in-flight} requests
 * outstanding. Batches do not help here: the partition key is the customer id, so each row is its own partition and
 * an unlogged batch would span partitions (more coordinator work, not less).
 */
@Command(name = "LoadCustomers", mixinStandardHelpOptions = true,
    description = "Creates the customer table in Cassandra if absent and loads generated or CSV customers into it.")
public final class LoadCustomers implements Callable<Integer> {

  @Option(names = "--contact-points", defaultValue = "127.0.0.1", split = ",",
      description = "Cassandra contact points (default: ${DEFAULT-VALUE}).")
  List<String> contactPoints;

  @Option(names = "--port", defaultValue = "9042", description = "CQL port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--keyspace", defaultValue = CustomerTable.DEFAULT_KEYSPACE,
      description = "Keyspace (default: ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(names = "--table", defaultValue = CustomerTable.DEFAULT_TABLE, description = "Table (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(names = "--replication-factor", defaultValue = "1",
      description = "Replication factor of a keyspace created here (default: ${DEFAULT-VALUE}; use 3 on a cluster).")
  int replicationFactor;

  @Option(names = "--datacenter", defaultValue = "",
      description = "Data center for NetworkTopologyStrategy; empty uses SimpleStrategy (default).")
  String datacenter;

  @Option(names = "--consistency", defaultValue = "LOCAL_QUORUM",
      description = "Consistency level of the writes (default: ${DEFAULT-VALUE}).")
  ConsistencyLevel consistency;

  @Option(names = "--customers", defaultValue = "0",
      description = "Generate and load this many customers (default: ${DEFAULT-VALUE}; 50000 for the reference world).")
  int customers;

  @Option(names = "--seed", defaultValue = "2026", description = "Seed of the generated customers (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--first-customer-id", defaultValue = "1", description = "Id of the first generated customer (default: ${DEFAULT-VALUE}).")
  long firstCustomerId;

  @Option(names = "--first-sensor-id", defaultValue = "1", description = "First generated sensor id (default: ${DEFAULT-VALUE}).")
  long firstSensorId;

  @Option(names = "--csv", description = "Load the customers of these CSV files (header: see README).")
  List<Path> csvFiles = List.of();

  @Option(names = "--export-csv", description = "Also write the generated customers to this CSV file.")
  Path exportCsv;

  @Option(names = "--in-flight", defaultValue = "256",
      description = "Most asynchronous writes outstanding at once (default: ${DEFAULT-VALUE}).")
  int inFlight;

  private final PrintWriter out;

  public LoadCustomers() {
    this(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
  }

  LoadCustomers(PrintWriter out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadCustomers()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (customers <= 0 && csvFiles.isEmpty()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "give --customers N and/or --csv FILE...");
    }
    PoolingOptions pooling = new PoolingOptions().setMaxRequestsPerConnection(HostDistance.LOCAL, 2048);
    // Without JMX reporting: a command-line tool has no use for it.
    try (Cluster cluster = Cluster.builder().addContactPoints(contactPoints.toArray(String[]::new)).withPort(port)
            .withPoolingOptions(pooling).withoutJMXReporting().build();
        Session session = cluster.connect()) {
      session.execute(CustomerTable.createKeyspace(keyspace, CustomerTable.replication(replicationFactor, datacenter)));
      session.execute(CustomerTable.createTable(keyspace, table));
      PreparedStatement insert = session.prepare(CustomerTable.insert(keyspace, table));
      insert.setConsistencyLevel(consistency);
      try (AsyncWriter writer = new AsyncWriter(session, insert, inFlight)) {
        long started = System.nanoTime();
        if (customers > 0) {
          CustomerGenerator generator = new CustomerGenerator(seed, firstCustomerId, firstSensorId);
          try (Writer csv = exportCsv == null ? null : Files.newBufferedWriter(exportCsv, StandardCharsets.UTF_8)) {
            if (csv != null) {
              CustomerCsv.writeHeader(csv);
            }
            for (int i = 0; i < customers; i++) {
              CustomerRow row = generator.next();
              writer.write(row);
              if (csv != null) {
                CustomerCsv.write(csv, row);
              }
            }
          }
        }
        for (Path file : csvFiles) {
          try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long rows = CustomerCsv.read(in, writer::write);
            out.printf(Locale.ROOT, "read %d customers from %s%n", rows, file);
          }
        }
        writer.awaitAll();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "wrote %d customers (%d sensors) to %s.%s in %.2f s: %.0f rows/s%n",
            writer.rows.get(), writer.sensors.get(), keyspace, table, seconds, writer.rows.get() / seconds);
        if (exportCsv != null) {
          out.printf(Locale.ROOT, "exported the generated customers to %s%n", exportCsv);
        }
      }
    }
    return 0;
  }

  /** Asynchronous inserts, at most {@code limit} outstanding; the first failure stops the load. */
  static final class AsyncWriter implements AutoCloseable {
    private final Session session;
    private final PreparedStatement insert;
    private final Semaphore permits;
    private final int limit;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong sensors = new AtomicLong();

    AsyncWriter(Session session, PreparedStatement insert, int limit) {
      this.session = session;
      this.insert = insert;
      this.limit = limit;
      this.permits = new Semaphore(limit);
    }

    void write(CustomerRow row) {
      rethrow();
      permits.acquireUninterruptibly();
      ResultSetFuture future = session.executeAsync(CustomerTable.bind(insert, row));
      Futures.addCallback(future, new FutureCallback<ResultSet>() {
        @Override
        public void onSuccess(ResultSet result) {
          rows.incrementAndGet();
          sensors.addAndGet(row.sensorIds().size());
          permits.release();
        }

        @Override
        public void onFailure(Throwable t) {
          failure.compareAndSet(null, t);
          permits.release();
        }
      }, MoreExecutors.directExecutor());
    }

    void awaitAll() {
      permits.acquireUninterruptibly(limit);
      permits.release(limit);
      rethrow();
    }

    private void rethrow() {
      Throwable t = failure.get();
      if (t != null) {
        throw new IllegalStateException("a write failed, load stopped: " + t, t);
      }
    }

    @Override
    public void close() {
      permits.acquireUninterruptibly(limit);
      permits.release(limit);
    }
  }

}
