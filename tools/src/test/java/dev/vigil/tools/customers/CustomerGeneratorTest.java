package dev.vigil.tools.customers;

import dev.vigil.pipeline.customers.CustomerRow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.pipeline.zones.ZoneTable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CustomerGeneratorTest {

  @Test
  void everyCityLiesInTheZoneItIsListedFor() {
    for (CustomerGenerator.City city : CustomerGenerator.CITIES) {
      String geohash = ZoneTable.geohashOf(city.latitude(), city.longitude(), 7);
      assertThat(ZoneTable.standard().zoneOf(geohash)).as(city.name()).hasValue(city.zone());
    }
    assertThat(CustomerGenerator.ZONES).hasSize(9);
  }

  @Test
  void sameSeedSameCustomersAndSensorIdsRunOnFromOne() {
    List<CustomerRow> first = new CustomerGenerator(2026, 1, 1).next(2_000);
    List<CustomerRow> again = new CustomerGenerator(2026, 1, 1).next(2_000);
    assertThat(again).isEqualTo(first);
    assertThat(new CustomerGenerator(2027, 1, 1).next(10)).isNotEqualTo(first.subList(0, 10));

    long expected = 1;
    for (CustomerRow row : first) {
      assertThat(row.sensorIds()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
      for (String sensorId : row.sensorIds()) {
        assertThat(sensorId).isEqualTo(Long.toString(expected++));
      }
    }
    assertThat(first.get(0).customer().id()).isEqualTo(1);
  }

  @Test
  void customersSpreadEvenlyOverTheNineZonesWithTheirOwnGeohash() {
    List<CustomerRow> rows = new CustomerGenerator(7, 1, 1).next(9_000);
    Map<String, Long> perZone = rows.stream().collect(Collectors.groupingBy(r -> r.customer().zone(),
        Collectors.counting()));
    assertThat(perZone).hasSize(9).allSatisfy((zone, n) -> assertThat(n).isEqualTo(1_000));
    for (CustomerRow row : rows) {
      assertThat(ZoneTable.standard().zoneOf(row.customer().geohash())).hasValue(row.customer().zone());
      assertThat(row.customer().email()).contains("@");
    }
    assertThat(rows.stream().map(r -> r.customer().geohash()).collect(Collectors.toSet()))
        .hasSizeGreaterThan(8_000);
    assertThat(rows.stream().collect(Collectors.groupingBy(r -> r.sensorIds().size(), Collectors.counting())))
        .containsOnlyKeys(1, 2, 3);
    assertThat(rows.stream().map(r -> r.customer().id()).collect(Collectors.toMap(Function.identity(), id -> 1)))
        .hasSize(9_000);
  }
}
