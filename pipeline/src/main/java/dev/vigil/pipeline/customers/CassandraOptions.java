package dev.vigil.pipeline.customers;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the pipeline reads the customer table (with CassandraIO). Defaults point at the local stack. */
public interface CassandraOptions extends PipelineOptions {

  @Description("Cassandra contact points, comma-separated host names or addresses.")
  @Default.String("127.0.0.1")
  String getCassandraHosts();

  void setCassandraHosts(String value);

  @Description("Cassandra CQL port.")
  @Default.Integer(9042)
  int getCassandraPort();

  void setCassandraPort(int value);

  @Description("Keyspace of the customer table (LoadCustomers creates it).")
  @Default.String(CustomerTable.DEFAULT_KEYSPACE)
  String getCassandraKeyspace();

  void setCassandraKeyspace(String value);

  @Description("The customer table (one row per customer, with the customer's sensor ids).")
  @Default.String(CustomerTable.DEFAULT_TABLE)
  String getCustomersTable();

  void setCustomersTable(String value);

  @Description("Consistency level of the customer reads. LOCAL_QUORUM reads what the loader wrote at LOCAL_QUORUM "
      + "even with replicas down (needs replication factor >= 3 to survive one); with one node it is one replica.")
  @Default.String("LOCAL_QUORUM")
  String getCassandraConsistency();

  void setCassandraConsistency(String value);

  @Description("Local data center for the driver's load balancing (empty: the driver picks the contact point's).")
  @Default.String("")
  String getCassandraLocalDc();

  void setCassandraLocalDc(String value);

  @Description("Token ranges each customer reload is split into; CassandraIO.readAll reads them in parallel.")
  @Default.Integer(4)
  int getCassandraReadSplits();

  void setCassandraReadSplits(int value);
}
