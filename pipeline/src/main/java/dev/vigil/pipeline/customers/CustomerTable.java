package dev.vigil.pipeline.customers;

import com.datastax.driver.core.BoundStatement;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Row;
import dev.vigil.wire.Customer;
import java.util.List;

/**
 * The customer table in Cassandra: the reference system's {@code world.datosclientes} columns, in English snake case,
 * plus {@code geohash}, {@code zone} and the customer's {@code sensor_ids}. The partition key is the customer id, so
 * one row is one partition. The same column names (in this order) are the header of the loader's CSV files.
 */
public final class CustomerTable {
  private CustomerTable() {}

  public static final String DEFAULT_KEYSPACE = "vigil";
  public static final String DEFAULT_TABLE = "customers";

  /** Every column, in CSV order. */
  public static final List<String> COLUMNS = List.of("id", "name", "surname", "gender", "national_id", "birthday",
      "street_address", "city", "zip_code", "country", "telephone_country_code", "telephone_number", "latitude",
      "longitude", "email", "title", "occupation", "company", "username", "geohash", "zone", "sensor_ids");

  public static String createKeyspace(String keyspace, String replication) {
    return "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication;
  }

  /** {@code SimpleStrategy} with {@code rf}, or {@code NetworkTopologyStrategy} in {@code datacenter} when given. */
  public static String replication(int rf, String datacenter) {
    return datacenter == null || datacenter.isBlank()
        ? "{'class': 'SimpleStrategy', 'replication_factor': " + rf + "}"
        : "{'class': 'NetworkTopologyStrategy', '" + datacenter + "': " + rf + "}";
  }

  public static String createTable(String keyspace, String table) {
    return "CREATE TABLE IF NOT EXISTS " + keyspace + "." + table + " ("
        + "id bigint PRIMARY KEY, name text, surname text, gender text, national_id text, birthday text, "
        + "street_address text, city text, zip_code text, country text, telephone_country_code text, "
        + "telephone_number text, latitude double, longitude double, email text, title text, occupation text, "
        + "company text, username text, geohash text, zone text, sensor_ids list<text>)";
  }

  public static String insert(String keyspace, String table) {
    return "INSERT INTO " + keyspace + "." + table + " (" + String.join(", ", COLUMNS) + ") VALUES ("
        + String.join(", ", COLUMNS.stream().map(c -> "?").toList()) + ")";
  }

  /** The query CassandraIO runs; it appends its own token-range {@code WHERE}, so this one has none. */
  public static String selectAll(String keyspace, String table) {
    return "SELECT " + String.join(", ", COLUMNS) + " FROM " + keyspace + "." + table;
  }

  public static BoundStatement bind(PreparedStatement insert, CustomerRow row) {
    Customer c = row.customer();
    return insert.bind(c.id(), c.name(), c.surname(), c.gender(), c.nationalId(), c.birthday(), c.streetAddress(),
        c.city(), c.zipCode(), c.country(), c.telephoneCountryCode(), c.telephoneNumber(), c.latitude(),
        c.longitude(), c.email(), c.title(), c.occupation(), c.company(), c.username(), c.geohash(), c.zone(),
        row.sensorIds());
  }

  public static CustomerRow fromRow(Row r) {
    Customer customer = new Customer(r.getLong("id"), r.getString("name"), r.getString("surname"),
        r.getString("gender"), r.getString("national_id"), r.getString("birthday"), r.getString("street_address"),
        r.getString("city"), r.getString("zip_code"), r.getString("country"), r.getString("telephone_country_code"),
        r.getString("telephone_number"), r.getDouble("latitude"), r.getDouble("longitude"), r.getString("email"),
        r.getString("title"), r.getString("occupation"), r.getString("company"), r.getString("username"),
        r.getString("geohash"), r.getString("zone"));
    return new CustomerRow(customer, r.getList("sensor_ids", String.class));
  }
}
