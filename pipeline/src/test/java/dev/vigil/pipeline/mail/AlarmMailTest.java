package dev.vigil.pipeline.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Customer;
import dev.vigil.wire.Reading;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmMailTest {
  private static final long T = 1_795_334_400_000L;

  @Test
  void subjectNamesTypeSensorAndCustomerAndBodyHasCustomerAndReadings() {
    Customer customer = new Customer(17, "Ana", "Garcia", "female", "X1234567", "1980-04-02", "12 Main Street",
        "Madrid", "28013", "Spain", "+34", "600 123 456", 40.4168, -3.7038, "ana.garcia@example.com", "Ms",
        "Engineer", "Globex", "anagarcia", "ezjmgtw", "Mediterranean");
    List<Reading> trigger = List.of(new Reading("42", false, false, 31.5, 30, T),
        new Reading("42", false, false, 32.0, 30, T + 1000), new Reading("42", false, false, 33.25, 30, T + 2000));
    Alarm alarm = new Alarm("42/TEMPERATURE/0-1", "42", AlarmType.TEMPERATURE, AlarmStatus.RAISED, T + 2000, trigger, customer);

    assertThat(AlarmMail.subject(alarm)).isEqualTo("[Vigil] TEMPERATURE alarm on sensor 42 - " + customer.name()
        + " " + customer.surname() + " (customer 17)");
    assertThat(AlarmMail.body(alarm))
        .contains("TEMPERATURE alarm raised on sensor 42 at 2026-11-22T08:00:02Z")
        .contains(customer.email(), customer.streetAddress(), customer.city(), customer.telephoneNumber(),
            "zone " + customer.zone())
        .contains("2026-11-22T08:00:00Z  motion=false smoke=false temperature=31.5 (max 30.0)")
        .contains("temperature=33.25 (max 30.0)");
  }

  @Test
  void anUnknownCustomerIsSaidSo() {
    Alarm alarm = new Alarm("7/MOTION/0-2", "7", AlarmType.MOTION, AlarmStatus.RAISED, T,
        List.of(new Reading("7", true, false, 20, 30, T)), null);
    assertThat(AlarmMail.subject(alarm)).isEqualTo("[Vigil] MOTION alarm on sensor 7 - unknown customer");
    assertThat(AlarmMail.body(alarm)).contains("Customer: unknown");
  }
}
