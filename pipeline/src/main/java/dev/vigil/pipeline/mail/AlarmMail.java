package dev.vigil.pipeline.mail;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.Customer;
import dev.vigil.wire.Reading;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** The text of an alarm e-mail: subject names the alarm type, sensor and customer; body the customer and readings. */
public final class AlarmMail {
  private AlarmMail() {}

  /** {@code <id@vigil.alarms>}, the id URL-encoded: what it leaves as is (letters, digits, . - * _ %) is valid there. */
  public static String messageId(Alarm alarm) {
    return "<" + URLEncoder.encode(alarm.id(), StandardCharsets.UTF_8) + "@vigil.alarms>";
  }

  public static String subject(Alarm alarm) {
    Customer c = alarm.customer();
    String who = c == null ? "unknown customer" : c.name() + " " + c.surname() + " (customer " + c.id() + ")";
    return "[Vigil] " + alarm.type() + " alarm on sensor " + alarm.sensorId() + " - " + who;
  }

  public static String body(Alarm alarm) {
    StringBuilder b = new StringBuilder();
    b.append(alarm.type()).append(" alarm ").append(alarm.status().name().toLowerCase(Locale.ROOT))
        .append(" on sensor ").append(alarm.sensorId()).append(" at ")
        .append(Instant.ofEpochMilli(alarm.timestamp())).append(".\n");
    b.append("Alarm id: ").append(alarm.id()).append("\n\n");
    Customer c = alarm.customer();
    if (c == null) {
      b.append("Customer: unknown (the customer table has no owner for this sensor).\n");
    } else {
      b.append("Customer\n");
      line(b, "id", String.valueOf(c.id()));
      line(b, "name", join(c.title(), c.name(), c.surname()));
      line(b, "gender", c.gender());
      line(b, "national id", c.nationalId());
      line(b, "birthday", c.birthday());
      line(b, "address", join(c.streetAddress(), ",", c.zipCode(), c.city(), ",", c.country()));
      line(b, "telephone", join(c.telephoneCountryCode(), c.telephoneNumber()));
      line(b, "e-mail", c.email());
      line(b, "occupation", join(c.occupation(), "at", c.company()));
      line(b, "username", c.username());
      line(b, "location", String.format(Locale.ROOT, "%.6f, %.6f (geohash %s, zone %s)", c.latitude(),
          c.longitude(), c.geohash(), c.zone()));
    }
    b.append("\nTriggering readings (oldest first)\n");
    if (alarm.trigger().isEmpty()) {
      b.append("  none (the sensor went silent)\n");
    }
    for (Reading r : alarm.trigger()) {
      b.append(String.format(Locale.ROOT, "  %s  motion=%s smoke=%s temperature=%s (max %s)%n",
          Instant.ofEpochMilli(r.timestamp()), r.motion(), r.smoke(), r.temperature(), r.maxTemperature()));
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append("  ").append(label).append(": ").append(value == null ? "" : value).append('\n');
  }

  private static String join(String... parts) {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      if (part == null || part.isBlank()) {
        continue;
      }
      if (out.length() > 0 && !part.equals(",")) {
        out.append(' ');
      }
      out.append(part);
    }
    return out.toString();
  }
}
