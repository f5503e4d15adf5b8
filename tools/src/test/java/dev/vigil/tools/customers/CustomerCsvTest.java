package dev.vigil.tools.customers;

import dev.vigil.pipeline.customers.CustomerRow;
import dev.vigil.pipeline.customers.CustomerTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.wire.Customer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerCsvTest {

  private static List<CustomerRow> read(String csv) throws IOException {
    List<CustomerRow> rows = new ArrayList<>();
    CustomerCsv.read(new BufferedReader(new StringReader(csv)), rows::add);
    return rows;
  }

  @Test
  void writtenRowsReadBackEqualEvenWithCommasQuotesAndLineBreaks() throws IOException {
    List<CustomerRow> rows = new ArrayList<>(new CustomerGenerator(1, 1, 1).next(50));
    Customer odd = new Customer(77, "Ana \"Nana\"", "García, López", "female", "X1", "1990-01-01",
        "Calle Mayor 1,\n2º B", "Madrid", "28001", "Spain", "+34", "600000000", 40.4168, -3.7038,
        "ana@example.org", "Ms", "Chef", "Bar, Tapas & Co", "ana77", null, null);
    rows.add(new CustomerRow(dev.vigil.pipeline.enrich.CustomerDirectory.located(odd),
        List.of("900", "901")));
    StringWriter out = new StringWriter();
    CustomerCsv.writeHeader(out);
    for (CustomerRow row : rows) {
      CustomerCsv.write(out, row);
    }
    assertThat(read(out.toString())).isEqualTo(rows);
  }

  @Test
  void columnsMayComeInAnyOrderAndGeohashAndZoneAreComputedWhenMissing() throws IOException {
    String csv = "sensor_ids,id,name,surname,gender,national_id,birthday,street_address,city,zip_code,country,"
        + "telephone_country_code,telephone_number,latitude,longitude,email,title,occupation,company,username\r\n"
        + "5;6,3,Ada,Lovelace,female,Z1,1815-12-10,12 Square,London,SW1,United Kingdom,+44,7700,51.5074,-0.134,"
        + "ada@example.org,Ms,Mathematician,Engines,ada\r\n";
    List<CustomerRow> rows = read(csv);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).sensorIds()).containsExactly("5", "6");
    assertThat(rows.get(0).customer().zone()).isEqualTo("UK");
    assertThat(rows.get(0).customer().geohash()).hasSize(7).startsWith("gcpv");
  }

  @Test
  void aMissingColumnOrBadNumberIsAnErrorThatNamesIt() {
    assertThatThrownBy(() -> read("id,name\n1,Ada\n")).hasMessageContaining("surname");
    String header = String.join(",", CustomerTable.COLUMNS) + "\n";
    assertThatThrownBy(() -> read(header + "x,Ada,L,f,Z,b,s,c,z,co,+1,1,1.0,2.0,e,t,o,c,u,,,1\n"))
        .hasMessageContaining("record 2");
  }
}
