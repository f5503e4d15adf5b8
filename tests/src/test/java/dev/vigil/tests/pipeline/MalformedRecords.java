package dev.vigil.tests.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded records for the sensor log that no gateway would write: bytes and headers a broken producer, a bad replay or
 * a hand-made record could put there. Each has a family name (for the tally) and, null meaning none, the value of its
 * {@code vigil.kind} header.
 */
final class MalformedRecords {
  record Record(String family, byte[] value, byte[] kindHeader) {}

  private record Family(String name, Supplier<Record> generate) {}

  private final Random random;
  private final List<String> sensors;
  private final List<Family> families = new ArrayList<>();

  MalformedRecords(long seed, List<String> sensors) {
    this.random = new Random(seed);
    this.sensors = List.copyOf(sensors);
    add("binary-garbage", () -> reading(randomBytes(1 + random.nextInt(200))));
    add("invalid-utf8", () -> reading(concat(bytes("{\"sensorId\":\"" + sensor() + "\",\"motion\":true,\"note\":\""),
        new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, bytes("\"}"))));
    add("empty-value", () -> reading(new byte[0]));
    add("tombstone", () -> reading(null));
    add("truncated-json", () -> {
      String valid = valid();
      return reading(bytes(valid.substring(0, 1 + random.nextInt(valid.length() - 1))));
    });
    add("deep-nesting", () -> reading(bytes("[".repeat(50_000) + "]".repeat(50_000))));
    add("huge-number", () -> reading(bytes(valid().replace("\"temperature\":21.0",
        "\"temperature\":" + (random.nextBoolean() ? "1e400" : "1" + "0".repeat(40))))));
    add("nan-infinity", () -> reading(bytes(valid().replace("\"temperature\":21.0",
        "\"temperature\":" + (random.nextBoolean() ? "NaN" : "-Infinity")))));
    add("wrong-type", () -> reading(bytes(random.nextBoolean() ? valid().replace("\"motion\":false", "\"motion\":\"yes\"")
        : valid().replace("\"sensorId\":\"", "\"sensorId\":4").replaceFirst("4[^,]*\",", "4,"))));
    add("missing-field", () -> reading(bytes(valid().replace("\"smoke\":false,", ""))));
    add("control-char-id", () -> reading(bytes(valid().replace("\"sensorId\":\"", "\"sensorId\":\"\\u0000\\n"))));
    add("overlong-id", () -> reading(bytes(valid().replace("\"sensorId\":\"", "\"sensorId\":\"" + "7".repeat(65)))));
    add("far-future", () -> reading(bytes(valid().replace("\"timestamp\":1764000000000",
        "\"timestamp\":" + Long.MAX_VALUE))));
    add("broken-positional", () -> reading(bytes("{\"" + sensor() + "\",\"true\",\"maybe\"}")));
    add("unknown-kind", () -> new Record("unknown-kind", bytes(valid()), bytes("reboot")));
    add("garbage-kind", () -> new Record("garbage-kind", bytes(valid()), new byte[] {(byte) 0xFF, 0, 1}));
    add("bad-recovery", () -> new Record("bad-recovery", bytes("{\"sensor\":\"" + sensor() + "\"}"),
        bytes("recovery")));
  }

  private void add(String name, Supplier<Record> generate) {
    families.add(new Family(name, () -> {
      Record made = generate.get();
      return new Record(name, made.value(), made.kindHeader());
    }));
  }

  /** The next record, from the families in turn. */
  Record next(int i) {
    return families.get(i % families.size()).generate().get();
  }

  int families() {
    return families.size();
  }

  private static Record reading(byte[] value) {
    return new Record("", value, null);
  }

  private String sensor() {
    return sensors.get(random.nextInt(sensors.size()));
  }

  /** A valid reading as the gateway writes it, for the families that break one thing in it. */
  private String valid() {
    return "{\"sensorId\":\"" + sensor() + "\",\"motion\":false,\"smoke\":false,\"temperature\":21.0,"
        + "\"maxTemperature\":30.0,\"timestamp\":1764000000000}";
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
