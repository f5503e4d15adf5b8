package dev.vigil.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireFormatTest {

  private static final long NOW = 1_763_800_000_000L;

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void parsesOneReadingAndStampsItWhenTheSensorDidNot() throws Exception {
    List<Reading> readings = WireFormat.parseReadings(bytes(
        "{\"sensorId\":\"42959\",\"motion\":true,\"smoke\":false,\"temperature\":25.5,\"maxTemperature\":30}"), NOW);
    assertThat(readings).containsExactly(new Reading("42959", true, false, 25.5, 30.0, NOW));
  }

  @Test
  void keepsTheSensorsOwnTimestampInMillisOrIso() throws Exception {
    String base = "\"sensorId\":\"s1\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2";
    assertThat(WireFormat.parseReading(bytes("{" + base + ",\"timestamp\":1234}"), NOW).timestamp()).isEqualTo(1234);
    assertThat(WireFormat.parseReading(bytes("{" + base + ",\"timestamp\":\"1970-01-01T00:00:01Z\"}"), NOW)
        .timestamp()).isEqualTo(1000);
  }

  @Test
  void parsesABatchAndIgnoresUnknownFields() throws Exception {
    List<Reading> readings = WireFormat.parseReadings(bytes("[{\"sensorId\":\"a\",\"motion\":false,\"smoke\":true,"
        + "\"temperature\":1,\"maxTemperature\":2,\"firmware\":\"2.1\"},"
        + "{\"sensorId\":\"b\",\"motion\":false,\"smoke\":false,\"temperature\":3,\"maxTemperature\":2}]"), NOW);
    assertThat(readings).extracting(Reading::sensorId).containsExactly("a", "b");
    assertThat(readings.get(1).overTemperature()).isTrue();
  }

  @Test
  void anEqualTemperatureIsNotOver() {
    assertThat(new Reading("s", false, false, 30.0, 30.0, 1).overTemperature()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "broken JSON        | {\"sensorId\":                                                              | body",
      "empty body         | ''                                                                          | body",
      "empty array        | []                                                                          | body",
      "not an object      | 42                                                                          | body",
      "missing field      | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":1}    | maxTemperature",
      "wrong type         | {\"sensorId\":\"s\",\"motion\":\"yes\",\"smoke\":false,\"temperature\":1,\"maxTemperature\":2} | motion",
      "number as string   | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":\"1\",\"maxTemperature\":2} | temperature",
      "NaN token          | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":NaN,\"maxTemperature\":2} | body",
      "infinite           | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":1e999,\"maxTemperature\":2} | temperature",
      "huge integer       | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":123456789012345678901234567890,\"maxTemperature\":2} | temperature",
      "over the magnitude | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":-1000000.5} | maxTemperature",
      "numeric sensor id  | {\"sensorId\":42959,\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2} | sensorId",
      "bad sensor id      | {\"sensorId\":\"a b\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2} | sensorId",
      "bad timestamp      | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2,\"timestamp\":-5} | timestamp",
      "duplicate key      | {\"sensorId\":\"s\",\"sensorId\":\"t\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2} | body",
      "trailing garbage   | {\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2} x | body",
      "bad batch element  | [{\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2},{\"sensorId\":\"t\"}] | [1].motion",
  })
  void rejectsMalformedReadingsNamingTheField(String name, String body, String field) {
    assertThatThrownBy(() -> WireFormat.parseReadings(bytes(body), NOW))
        .isInstanceOf(MalformedMessageException.class)
        .satisfies(e -> assertThat(((MalformedMessageException) e).field()).isEqualTo(field))
        .satisfies(e -> assertThat(((MalformedMessageException) e).problem()).isNotBlank());
  }

  @Test
  void temperaturesUpToTheMagnitudeLimitAreReadings() throws Exception {
    Reading r = WireFormat.parseReading(bytes("{\"sensorId\":\"s\",\"motion\":false,\"smoke\":false,"
        + "\"temperature\":-1000000,\"maxTemperature\":1e6}"), NOW);
    assertThat(r.temperature()).isEqualTo(-WireFormat.MAX_TEMPERATURE_MAGNITUDE);
    assertThat(r.maxTemperature()).isEqualTo(WireFormat.MAX_TEMPERATURE_MAGNITUDE);
    assertThatThrownBy(() -> WireFormat.parseLegacyReading(bytes("{\"s\",\"true\",\"false\",\"2e6\",\"30\"}"), NOW))
        .isInstanceOf(MalformedMessageException.class)
        .satisfies(e -> assertThat(((MalformedMessageException) e).field()).isEqualTo("temperature"));
  }

  @Test
  void readingsRoundTripThroughJson() throws Exception {
    Reading reading = new Reading("42959", false, true, 21.25, 30.0, 1234);
    assertThat(WireFormat.parseReading(WireFormat.toJson(reading), NOW)).isEqualTo(reading);
  }

  @Test
  void recoveriesParseAloneOrInABatch() throws Exception {
    assertThat(WireFormat.parseRecoveries(bytes("{\"sensorId\":\"42959\"}"), NOW))
        .containsExactly(new Recovery("42959", NOW));
    assertThat(WireFormat.parseRecoveries(bytes("[{\"sensorId\":\"a\"},{\"sensorId\":\"b\",\"timestamp\":7}]"), NOW))
        .containsExactly(new Recovery("a", NOW), new Recovery("b", 7));
    Recovery recovery = new Recovery("x", 99);
    assertThat(WireFormat.parseRecovery(WireFormat.toJson(recovery), NOW)).isEqualTo(recovery);
    assertThatThrownBy(() -> WireFormat.parseRecoveries(bytes("{}"), NOW))
        .hasMessage("sensorId: is required");
  }

  @Test
  void alarmsRoundTripWithTheirCustomer() throws Exception {
    Customer customer = new Customer(7, "Ana", "Ruiz", "female", "12345678Z", "1980-02-03", "Calle Mayor 1",
        "Madrid", "28013", "Spain", "+34", "600000000", 40.4168, -3.7038, "ana@example.com", "Ms", "Engineer",
        "Acme", "anaruiz", "ezjmgu", "Mediterranean");
    Alarm alarm = new Alarm("42959/SMOKE/2-1234", "42959", AlarmType.SMOKE, AlarmStatus.RAISED, 1234,
        List.of(new Reading("42959", false, true, 20, 30, 1000), new Reading("42959", false, true, 20, 30, 1234)),
        null).withCustomer(customer);
    assertThat(WireFormat.parseAlarm(WireFormat.toJson(alarm))).isEqualTo(alarm);
  }

  @Test
  void anAlarmEventCarriesItsIdAndIsRefusedWithoutOne() throws Exception {
    Alarm alarm = new Alarm(AlarmIds.of("a:b.1", AlarmType.MOTION, AlarmIds.logPosition(3, 77, 0, 1)), "a:b.1",
        AlarmType.MOTION, AlarmStatus.CLEARED, 5, List.of(), null);
    assertThat(alarm.id()).isEqualTo("a:b.1/MOTION/3-77");
    assertThat(new String(WireFormat.toJson(alarm), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"id\":\"a:b.1/MOTION/3-77\",\"sensorId\":\"a:b.1\"");
    assertThatThrownBy(() -> WireFormat.parseAlarm(bytes(
        "{\"sensorId\":\"1\",\"type\":\"MOTION\",\"status\":\"RAISED\",\"timestamp\":5,\"trigger\":[]}")))
        .isInstanceOf(MalformedMessageException.class);
    assertThat(AlarmIds.logPosition(3, 77, 2, 5)).isEqualTo("3-77-2");
    assertThat(AlarmIds.timePosition(99, 0, 1)).isEqualTo("t99");
  }

  @Test
  void recognisesAndParsesTheReferencePositionalReading() throws Exception {
    byte[] legacy = bytes("{\"42959\",\"true\",\"false\",\"25.5\",\"30.0\"}");
    assertThat(WireFormat.isLegacyPositional(legacy)).isTrue();
    assertThat(WireFormat.isLegacyPositional(bytes("{\"sensorId\":\"42959\"}"))).isFalse();
    assertThat(WireFormat.isLegacyPositional(bytes("[{\"sensorId\":\"42959\"}]"))).isFalse();
    assertThat(WireFormat.parseLegacyReading(legacy, NOW))
        .isEqualTo(new Reading("42959", true, false, 25.5, 30.0, NOW));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "four fields     | {\"42959\",\"true\",\"false\",\"25.5\"}              | body",
      "six fields      | {\"42959\",\"true\",\"false\",\"25.5\",\"1\",\"2\"}  | body",
      "bad boolean     | {\"42959\",\"yes\",\"false\",\"25.5\",\"30.0\"}      | motion",
      "bad number      | {\"42959\",\"true\",\"false\",\"hot\",\"30.0\"}      | temperature",
      "NaN             | {\"42959\",\"true\",\"false\",\"NaN\",\"30.0\"}      | temperature",
      "bad id          | {\"a b\",\"true\",\"false\",\"1\",\"30.0\"}          | sensorId",
      "unquoted        | {\"42959\",true,\"false\",\"25.5\",\"30.0\"}         | body",
  })
  void rejectsMalformedPositionalReadings(String name, String body, String field) {
    assertThatThrownBy(() -> WireFormat.parseLegacyReading(bytes(body), NOW))
        .isInstanceOf(MalformedMessageException.class)
        .satisfies(e -> assertThat(((MalformedMessageException) e).field()).isEqualTo(field));
  }

  @Test
  void readingBodyTellsThePositionalFormFromJson() throws Exception {
    String json = "{\"sensorId\":\"42959\",\"motion\":true,\"smoke\":false,\"temperature\":25.5,"
        + "\"maxTemperature\":30,\"timestamp\":1234}";
    assertThat(WireFormat.parseReadingBody(bytes(json), NOW))
        .containsExactly(new Reading("42959", true, false, 25.5, 30.0, 1234));
    assertThat(WireFormat.parseReadingBody(bytes("[" + json + "," + json + "]"), NOW)).hasSize(2);
    assertThat(WireFormat.parseReadingBody(bytes(" {\"42959\" , \"false\",\"true\",\"41\",\"30\"}"), NOW))
        .containsExactly(new Reading("42959", false, true, 41.0, 30.0, NOW));
  }

  @Test
  void readingBodyReportsTheErrorOfTheFormItDetected() {
    assertThatThrownBy(() -> WireFormat.parseReadingBody(bytes("{\"42959\",\"true\",\"false\",\"25.5\"}"), NOW))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("got 4");
    assertThatThrownBy(() -> WireFormat.parseReadingBody(bytes("{\"sensorId\":\"1\",\"motion\":true}"), NOW))
        .isInstanceOf(MalformedMessageException.class)
        .satisfies(e -> assertThat(((MalformedMessageException) e).field()).isEqualTo("smoke"));
    assertThatThrownBy(() -> WireFormat.parseReadingBody(bytes(""), NOW))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("empty body");
  }
}
