package dev.vigil.pipeline.zones;

import ch.hsr.geohash.GeoHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which dashboard zone a geohash is in, by the longest matching prefix of the table in {@code zones.csv} (data, not
 * code: lines of {@code prefix,zone}, {@code #} comments). The table covers every one-character cell, so every valid
 * geohash has a zone.
 */
public final class ZoneTable implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Longest prefix in the table; longer geohashes are cut to this before the lookup. */
  static final int MAX_PREFIX = 3;
  private static final String RESOURCE = "/zones.csv";
  private static final ZoneTable DEFAULT = load();

  private final Map<String, String> zoneByPrefix;

  ZoneTable(Map<String, String> zoneByPrefix) {
    this.zoneByPrefix = Map.copyOf(zoneByPrefix);
  }

  /** The table shipped in {@code zones.csv}. */
  public static ZoneTable standard() {
    return DEFAULT;
  }

  /** The zone of a geohash (any length), or empty for an empty or unknown one. */
  public Optional<String> zoneOf(String geohash) {
    if (geohash == null) {
      return Optional.empty();
    }
    String hash = geohash.strip().toLowerCase();
    for (int length = Math.min(MAX_PREFIX, hash.length()); length > 0; length--) {
      String zone = zoneByPrefix.get(hash.substring(0, length));
      if (zone != null) {
        return Optional.of(zone);
      }
    }
    return Optional.empty();
  }

  /** The zone of a point, through its geohash. */
  public Optional<String> zoneOf(double latitude, double longitude) {
    return zoneOf(geohashOf(latitude, longitude, MAX_PREFIX));
  }

  public static String geohashOf(double latitude, double longitude, int characters) {
    return GeoHash.withCharacterPrecision(latitude, longitude, characters).toBase32();
  }

  public int size() {
    return zoneByPrefix.size();
  }

  static ZoneTable parse(InputStream csv) throws IOException {
    Map<String, String> table = new HashMap<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("prefix,")) {
          continue;
        }
        String[] fields = trimmed.split(",");
        if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()
            || fields[0].strip().length() > MAX_PREFIX) {
          throw new IOException("zones.csv line " + number + ": expected prefix,zone with a 1-" + MAX_PREFIX
              + " character prefix, got: " + line);
        }
        String previous = table.put(fields[0].strip().toLowerCase(), fields[1].strip());
        if (previous != null) {
          throw new IOException("zones.csv line " + number + ": prefix " + fields[0] + " is listed twice");
        }
      }
    }
    return new ZoneTable(table);
  }

  private static ZoneTable load() {
    try (InputStream csv = ZoneTable.class.getResourceAsStream(RESOURCE)) {
      if (csv == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return parse(csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
