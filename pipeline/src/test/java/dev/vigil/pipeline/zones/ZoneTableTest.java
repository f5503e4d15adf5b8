package dev.vigil.pipeline.zones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneTableTest {
  private final ZoneTable zones = ZoneTable.standard();

  @ParameterizedTest(name = "{0} is in {3}")
  @CsvSource({
      "London, 51.5074, -0.1278, UK",
      "Dublin, 53.3498, -6.2603, UK",
      "Norwich, 52.6309, 1.2974, UK",
      "Calais, 50.9513, 1.8587, CentroEurope",
      "Paris, 48.8566, 2.3522, CentroEurope",
      "Berlin, 52.5200, 13.4050, CentroEurope",
      "Stockholm, 59.3293, 18.0686, NorthEurope",
      "Moscow, 55.7558, 37.6173, NorthEurope",
      "Tromso, 69.6492, 18.9553, North",
      "Reykjavik, 64.1466, -21.9426, North",
      "Madrid, 40.4168, -3.7038, Mediterranean",
      "Rome, 41.9028, 12.4964, Mediterranean",
      "Athens, 37.9838, 23.7275, Mediterranean",
      "Cairo, 30.0444, 31.2357, Africa",
      "Lagos, 6.5244, 3.3792, Africa",
      "Nairobi, -1.2921, 36.8219, Africa",
      "New York, 40.7128, -74.0060, NorthAmerica",
      "Mexico City, 19.4326, -99.1332, NorthAmerica",
      "Bogota, 4.7110, -74.0721, SouthAmerica",
      "Sao Paulo, -23.5505, -46.6333, SouthAmerica",
      "Sydney, -33.8688, 151.2093, Oceania",
  })
  void citiesFallInTheirZones(String city, double latitude, double longitude, String zone) {
    assertThat(zones.zoneOf(latitude, longitude)).contains(zone);
  }

  @Test
  void everyOneCharacterCellHasAZoneSoEveryGeohashHasOne() {
    for (char c : "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray()) {
      assertThat(zones.zoneOf(String.valueOf(c))).as("cell %s", c).isPresent();
    }
    assertThat(zones.zoneOf(ZoneTable.geohashOf(-89.9, 179.9, 12))).isPresent();
  }

  @Test
  void theLongestPrefixWinsAndCaseAndLengthDoNotMatter() {
    assertThat(zones.zoneOf("u")).contains("North");
    assertThat(zones.zoneOf("u1")).contains("CentroEurope");
    assertThat(zones.zoneOf("U12ZZZZZZ")).contains("UK");
    assertThat(zones.zoneOf("")).isEmpty();
    assertThat(zones.zoneOf((String) null)).isEmpty();
    assertThat(zones.zoneOf("a")).as("'a' is not a geohash character").isEmpty();
  }

  @Test
  void theTableIsDataAndBrokenLinesAreRejected() throws IOException {
    ZoneTable custom = ZoneTable.parse(stream("# comment\nprefix,zone\nu,North\nu1,Here\n"));
    assertThat(custom.size()).isEqualTo(2);
    assertThat(custom.zoneOf("u1x")).contains("Here");
    assertThatThrownBy(() -> ZoneTable.parse(stream("u,North\nu,South\n"))).hasMessageContaining("twice");
    assertThatThrownBy(() -> ZoneTable.parse(stream("uabc,North\n"))).hasMessageContaining("line 1");
    assertThatThrownBy(() -> ZoneTable.parse(stream("u;North\n"))).hasMessageContaining("prefix,zone");
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
