package dev.vigil.tools.customers;

import dev.vigil.pipeline.customers.CustomerRow;
import dev.vigil.pipeline.zones.ZoneTable;
import dev.vigil.wire.Customer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic customers for the loader: people living in real cities of each of the nine dashboard zones, each owning
 * one to three sensors. The same seed gives the same customers; sensor ids are consecutive numbers from
 * {@code firstSensorId} across customers (customer 1 owns "1" and maybe "2", the next one the following ids...), so a
 * load of 50,000 customers covers at least sensors "1".."50000", the simulator's default ids.
 */
public final class CustomerGenerator {

  /** A city: where, in which zone (checked against zones.csv by the tests), country, phone code, zip pattern. */
  record City(String name, String zone, double latitude, double longitude, String country, String phoneCode,
      String zipPattern) {}

  static final List<City> CITIES = List.of(
      new City("New York", "NorthAmerica", 40.7128, -74.0060, "United States", "+1", "100##"),
      new City("Chicago", "NorthAmerica", 41.8781, -87.6298, "United States", "+1", "606##"),
      new City("Los Angeles", "NorthAmerica", 34.0522, -118.2437, "United States", "+1", "900##"),
      new City("Toronto", "NorthAmerica", 43.6532, -79.3832, "Canada", "+1", "M5V ###"),
      new City("Mexico City", "NorthAmerica", 19.4326, -99.1332, "Mexico", "+52", "06###"),
      new City("Sao Paulo", "SouthAmerica", -23.5505, -46.6333, "Brazil", "+55", "01###-###"),
      new City("Buenos Aires", "SouthAmerica", -34.6037, -58.3816, "Argentina", "+54", "C1###"),
      new City("Bogota", "SouthAmerica", 4.7110, -74.0721, "Colombia", "+57", "110###"),
      new City("Lima", "SouthAmerica", -12.0464, -77.0428, "Peru", "+51", "150##"),
      new City("Santiago", "SouthAmerica", -33.4489, -70.6693, "Chile", "+56", "83#####"),
      new City("Sydney", "Oceania", -33.8688, 151.2093, "Australia", "+61", "2###"),
      new City("Melbourne", "Oceania", -37.8136, 144.9631, "Australia", "+61", "3###"),
      new City("Auckland", "Oceania", -36.8485, 174.7633, "New Zealand", "+64", "10##"),
      new City("Tokyo", "Oceania", 35.6762, 139.6503, "Japan", "+81", "1##-####"),
      new City("Singapore", "Oceania", 1.3521, 103.8198, "Singapore", "+65", "0#####"),
      new City("Lagos", "Africa", 6.5244, 3.3792, "Nigeria", "+234", "100###"),
      new City("Nairobi", "Africa", -1.2921, 36.8219, "Kenya", "+254", "00###"),
      new City("Cairo", "Africa", 30.0444, 31.2357, "Egypt", "+20", "11###"),
      new City("Cape Town", "Africa", -33.9249, 18.4241, "South Africa", "+27", "8###"),
      new City("Casablanca", "Africa", 33.5731, -7.5898, "Morocco", "+212", "20###"),
      new City("Reykjavik", "North", 64.1466, -21.9426, "Iceland", "+354", "1##"),
      new City("Oslo", "North", 59.9139, 10.7522, "Norway", "+47", "0###"),
      new City("Tromso", "North", 69.6492, 18.9553, "Norway", "+47", "9###"),
      new City("Novosibirsk", "North", 55.0084, 82.9357, "Russia", "+7", "630###"),
      new City("London", "UK", 51.5074, -0.1278, "United Kingdom", "+44", "SW1A #AA"),
      new City("Manchester", "UK", 53.4808, -2.2426, "United Kingdom", "+44", "M# #AB"),
      new City("Edinburgh", "UK", 55.9533, -3.1883, "United Kingdom", "+44", "EH# #CD"),
      new City("Dublin", "UK", 53.3498, -6.2603, "Ireland", "+353", "D0# X###"),
      new City("Berlin", "CentroEurope", 52.5200, 13.4050, "Germany", "+49", "10###"),
      new City("Paris", "CentroEurope", 48.8566, 2.3522, "France", "+33", "750##"),
      new City("Munich", "CentroEurope", 48.1351, 11.5820, "Germany", "+49", "80###"),
      new City("Vienna", "CentroEurope", 48.2082, 16.3738, "Austria", "+43", "1###"),
      new City("Amsterdam", "CentroEurope", 52.3676, 4.9041, "Netherlands", "+31", "10## AB"),
      new City("Stockholm", "NorthEurope", 59.3293, 18.0686, "Sweden", "+46", "1## ##"),
      new City("Helsinki", "NorthEurope", 60.1699, 24.9384, "Finland", "+358", "00###"),
      new City("Riga", "NorthEurope", 56.9496, 24.1052, "Latvia", "+371", "LV-10##"),
      new City("Vilnius", "NorthEurope", 54.6872, 25.2797, "Lithuania", "+370", "LT-0####"),
      new City("Saint Petersburg", "NorthEurope", 59.9311, 30.3609, "Russia", "+7", "190###"),
      new City("Madrid", "Mediterranean", 40.4168, -3.7038, "Spain", "+34", "280##"),
      new City("Barcelona", "Mediterranean", 41.3874, 2.1686, "Spain", "+34", "080##"),
      new City("Rome", "Mediterranean", 41.9028, 12.4964, "Italy", "+39", "001##"),
      new City("Athens", "Mediterranean", 37.9838, 23.7275, "Greece", "+30", "10# ##"),
      new City("Istanbul", "Mediterranean", 41.0082, 28.9784, "Turkey", "+90", "34###"));

  private static final String[] FEMALE = {"Maria", "Ana", "Laura", "Sofia", "Emma", "Olivia", "Chloe", "Amara",
      "Ingrid", "Yuki", "Aisha", "Elena", "Julia", "Carmen", "Freya", "Nadia", "Lucia", "Hannah", "Zara", "Mei"};
  private static final String[] MALE = {"Jose", "David", "Liam", "Noah", "Lucas", "Mateo", "Hugo", "Kwame",
      "Erik", "Hiroshi", "Omar", "Ivan", "Marco", "Pablo", "Oskar", "Tariq", "Diego", "Jonas", "Ravi", "Chen"};
  private static final String[] SURNAMES = {"Garcia", "Smith", "Muller", "Rossi", "Silva", "Kowalski", "Nguyen",
      "Johansson", "Okafor", "Tanaka", "Lopez", "Martin", "Ivanov", "Dubois", "Hansen", "Papadopoulos", "Yilmaz",
      "Brown", "Fernandez", "Mensah", "Novak", "Sato", "Kim", "Murphy", "Jensen", "Costa", "Haddad", "Wilson"};
  private static final String[] STREETS = {"Main Street", "High Street", "Church Road", "Station Road", "Park Avenue",
      "Oak Lane", "Harbour Way", "Market Square", "Mill Road", "King Street", "Queen Street", "River Walk"};
  private static final String[] OCCUPATIONS = {"Engineer", "Teacher", "Nurse", "Accountant", "Designer", "Chef",
      "Electrician", "Pharmacist", "Architect", "Lawyer", "Developer", "Retired", "Student", "Farmer", "Pilot"};
  private static final String[] COMPANIES = {"Acme Corp", "Globex", "Initech", "Umbrella Ltd", "Hooli", "Stark Industries",
      "Wayne Enterprises", "Vandelay Industries", "Soylent Co", "Tyrell Corp", "Self-employed", "Public Sector"};
  private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.test"};

  private final Random random;
  private long nextSensorId;
  private long nextCustomerId;

  public CustomerGenerator(long seed, long firstCustomerId, long firstSensorId) {
    this.random = new Random(seed);
    this.nextCustomerId = firstCustomerId;
    this.nextSensorId = firstSensorId;
  }

  /** The next {@code count} customers; zones are used in turn, so every zone gets a ninth of them. */
  public List<CustomerRow> next(int count) {
    List<CustomerRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(next());
    }
    return rows;
  }

  public CustomerRow next() {
    long id = nextCustomerId++;
    String zone = ZONES.get((int) ((id - 1) % ZONES.size()));
    List<City> inZone = CITIES.stream().filter(c -> c.zone().equals(zone)).toList();
    City city = inZone.get(random.nextInt(inZone.size()));
    boolean female = random.nextBoolean();
    String name = pick(female ? FEMALE : MALE);
    String surname = pick(SURNAMES);
    // Within ~5 km of the city centre: same zone, distinct geohashes for the map.
    double latitude = round(city.latitude() + (random.nextDouble() - 0.5) * 0.09, 6);
    double longitude = round(city.longitude() + (random.nextDouble() - 0.5) * 0.09, 6);
    String geohash = ZoneTable.geohashOf(latitude, longitude, 7);
    String username = (name.charAt(0) + surname + id).toLowerCase(Locale.ROOT);
    Customer customer = new Customer(id, name, surname, female ? "female" : "male",
        String.format(Locale.ROOT, "%08d%c", 10_000_000 + random.nextInt(89_999_999), (char) ('A' + random.nextInt(26))),
        String.format(Locale.ROOT, "%04d-%02d-%02d", 1940 + random.nextInt(66), 1 + random.nextInt(12),
            1 + random.nextInt(28)),
        (1 + random.nextInt(250)) + " " + pick(STREETS), city.name(), digits(city.zipPattern()), city.country(),
        city.phoneCode(), digits("6########"), latitude, longitude,
        (name + "." + surname + id + "@" + pick(DOMAINS)).toLowerCase(Locale.ROOT),
        female ? pick(new String[] {"Ms", "Mrs", "Dr"}) : pick(new String[] {"Mr", "Dr"}), pick(OCCUPATIONS),
        pick(COMPANIES), username, geohash, ZoneTable.standard().zoneOf(geohash).orElse(zone));
    double roll = random.nextDouble();
    int sensors = roll < 0.70 ? 1 : roll < 0.92 ? 2 : 3;
    List<String> sensorIds = new ArrayList<>(sensors);
    for (int s = 0; s < sensors; s++) {
      sensorIds.add(Long.toString(nextSensorId++));
    }
    return new CustomerRow(customer, sensorIds);
  }

  /** The nine zones of zones.csv, in a fixed order. */
  static final List<String> ZONES = CITIES.stream().map(City::zone).distinct().toList();

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private String digits(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length());
    for (char c : pattern.toCharArray()) {
      out.append(c == '#' ? (char) ('0' + random.nextInt(10)) : c);
    }
    return out.toString();
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
