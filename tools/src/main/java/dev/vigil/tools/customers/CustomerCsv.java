package dev.vigil.tools.customers;

import dev.vigil.pipeline.customers.CustomerRow;
import dev.vigil.pipeline.customers.CustomerTable;
import dev.vigil.pipeline.enrich.CustomerDirectory;
import dev.vigil.wire.Customer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Customer CSV files, as the reference system loaded them with {@code COPY world.datosclientes FROM ... WITH
 * HEADER}: RFC 4180 (comma-separated, fields with commas, quotes or line breaks in double quotes, a quote doubled),
 * UTF-8, and a header line that names the columns of {@link CustomerTable#COLUMNS}, in any order. {@code sensor_ids}
 * holds the customer's sensor ids separated by {@code ;} (e.g. {@code 17;18}); {@code geohash} and {@code zone} may
 * be empty (computed from latitude/longitude) or absent; every other column is required.
 */
public final class CustomerCsv {
  private CustomerCsv() {}

  /** Reads every row of {@code in}, handing each to {@code sink}; returns how many. Fails on the first bad row. */
  public static long read(BufferedReader in, Consumer<CustomerRow> sink) throws IOException {
    List<String> header = record(in);
    if (header == null) {
      return 0;
    }
    int[] index = new int[CustomerTable.COLUMNS.size()];
    for (int c = 0; c < index.length; c++) {
      String column = CustomerTable.COLUMNS.get(c);
      index[c] = header.stream().map(String::strip).toList().indexOf(column);
      if (index[c] < 0 && !column.equals("geohash") && !column.equals("zone")) {
        throw new IOException("CSV header lacks column '" + column + "'; expected " + CustomerTable.COLUMNS);
      }
    }
    long rows = 0;
    List<String> fields;
    while ((fields = record(in)) != null) {
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue;
      }
      long line = rows + 2;
      try {
        sink.accept(row(fields, index));
      } catch (RuntimeException e) {
        throw new IOException("CSV record " + line + ": " + e.getMessage(), e);
      }
      rows++;
    }
    return rows;
  }

  private static CustomerRow row(List<String> f, int[] index) {
    Customer customer = new Customer(Long.parseLong(get(f, index, 0)), get(f, index, 1), get(f, index, 2),
        get(f, index, 3), get(f, index, 4), get(f, index, 5), get(f, index, 6), get(f, index, 7), get(f, index, 8),
        get(f, index, 9), get(f, index, 10), get(f, index, 11), Double.parseDouble(get(f, index, 12)),
        Double.parseDouble(get(f, index, 13)), get(f, index, 14), get(f, index, 15), get(f, index, 16),
        get(f, index, 17), get(f, index, 18), get(f, index, 19), get(f, index, 20));
    List<String> sensors = Arrays.stream(get(f, index, 21).split(";")).map(String::strip).filter(s -> !s.isEmpty())
        .toList();
    if (sensors.isEmpty()) {
      throw new IllegalArgumentException("customer " + customer.id() + " has no sensor_ids");
    }
    return new CustomerRow(CustomerDirectory.located(customer), sensors);
  }

  private static String get(List<String> fields, int[] index, int column) {
    int i = index[column];
    if (i < 0) {
      return null;
    }
    if (i >= fields.size()) {
      throw new IllegalArgumentException("missing column '" + CustomerTable.COLUMNS.get(column) + "'");
    }
    return fields.get(i);
  }

  public static void writeHeader(Writer out) throws IOException {
    out.write(String.join(",", CustomerTable.COLUMNS));
    out.write("\n");
  }

  public static void write(Writer out, CustomerRow row) throws IOException {
    Customer c = row.customer();
    Object[] values = {c.id(), c.name(), c.surname(), c.gender(), c.nationalId(), c.birthday(), c.streetAddress(),
        c.city(), c.zipCode(), c.country(), c.telephoneCountryCode(), c.telephoneNumber(), c.latitude(),
        c.longitude(), c.email(), c.title(), c.occupation(), c.company(), c.username(), c.geohash(), c.zone(),
        String.join(";", row.sensorIds())};
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quoted(values[i] == null ? "" : String.valueOf(values[i])));
    }
    out.write("\n");
  }

  private static String quoted(String value) {
    boolean needs = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0;
    return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /** One RFC 4180 record (which may span lines inside quotes), or null at the end. */
  static List<String> record(BufferedReader in) throws IOException {
    int ch = in.read();
    if (ch < 0) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    while (true) {
      if (quoted) {
        if (ch < 0) {
          throw new IOException("unterminated quoted field");
        }
        if (ch == '"') {
          in.mark(1);
          int next = in.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (next >= 0) {
              in.reset();
            }
          }
        } else {
          field.append((char) ch);
        }
      } else if (ch < 0 || ch == '\n') {
        fields.add(field.toString());
        return fields;
      } else if (ch == '\r') {
        // CRLF: the \n ends the record
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (ch == '"' && field.length() == 0) {
        quoted = true;
      } else {
        field.append((char) ch);
      }
      ch = in.read();
    }
  }
}
