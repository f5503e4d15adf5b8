package dev.vigil.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil-simulator}: plays a fleet of sensors posting readings to the gateway. */
@Command(name = "vigil-simulator", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Plays N sensors posting readings (and their owners' recoveries) to a Vigil gateway over HTTP keep-alive,",
        "at a target rate, for a duration or a count. Deterministic with a seed: the same options send the same",
        "messages. Prints progress every second and a summary; exits 1 if any request got no 2xx."})
public final class SimulatorCommand implements Callable<Integer> {

  @Option(names = "--target", defaultValue = "http://127.0.0.1:8080",
      description = "The gateway or load balancer (default: ${DEFAULT-VALUE}, the local stack's HAProxy).")
  URI target;

  @Option(names = "--sensors", defaultValue = "1000", description = "How many sensors (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--first-sensor-id", defaultValue = "1",
      description = "The first sensor's numeric id; the rest follow (default: ${DEFAULT-VALUE}).")
  long firstSensorId;

  @Option(names = "--rate", defaultValue = "400",
      description = "Messages per second, all sensors together (default: ${DEFAULT-VALUE}, one reference app).")
  double rate;

  @Option(names = "--duration", defaultValue = "PT60S", converter = DurationConverter.class,
      description = "How long to run, e.g. 30s, 10m (default: 60s).")
  Duration duration;

  @Option(names = "--count", defaultValue = "" + Long.MAX_VALUE,
      description = "Stop after this many messages (default: no limit).", showDefaultValue = CommandLine.Help.Visibility.NEVER)
  long count;

  @Option(names = "--batch", defaultValue = "1",
      description = "Readings per request; 1 is what real sensors send (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--connections", defaultValue = "32",
      description = "Most requests in flight at once (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the fleet (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--motion-rate", defaultValue = "0.002",
      description = "Share of readings with motion (default: ${DEFAULT-VALUE}).")
  double motionRate;

  @Option(names = "--smoke-rate", defaultValue = "0.002",
      description = "Share of readings that start a smoke episode (default: ${DEFAULT-VALUE}).")
  double smokeRate;

  @Option(names = "--heat-rate", defaultValue = "0.002",
      description = "Share of readings that start an over-temperature episode (default: ${DEFAULT-VALUE}).")
  double heatRate;

  @Option(names = "--episode-length", defaultValue = "3",
      description = "Abnormal readings in a row per episode; 3 or more raise an alarm (default: ${DEFAULT-VALUE}).")
  int episodeLength;

  @Option(names = "--recovery-after", defaultValue = "5",
      description = "The owner's recovery comes this many readings of the sensor after an alarm (default: ${DEFAULT-VALUE}).")
  int recoveryAfter;

  @Option(names = "--record", description = "Write every message sent, with its HTTP status, to this JSON-lines file.")
  Path record;

  @Option(names = "--timeout", defaultValue = "PT10S", converter = DurationConverter.class,
      description = "Per-request timeout (default: 10s).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if (rate <= 0 || batch < 1 || connections < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--rate, --batch and --connections must be positive");
    }
    SensorFleet fleet = new SensorFleet(sensors, firstSensorId,
        new SensorFleet.Mix(motionRate, smokeRate, heatRate, episodeLength, recoveryAfter), seed);
    System.out.printf("vigil-simulator: %,d sensors -> %s at %.0f msg/s, batch %d, %d in flight, for %s%s%n",
        sensors, target, rate, batch, connections, DurationConverter.format(duration),
        count == Long.MAX_VALUE ? "" : " or " + count + " messages");
    LoadRun.Plan plan = new LoadRun.Plan(target, rate, count, duration, batch, connections, timeout, record);
    LoadStats stats = new LoadRun(fleet, plan, System.out).run();
    if (stats.requests() > 0 && stats.accepted() == 0) {
      System.out.println("nothing was accepted: is the gateway at " + target
          + " running? (bin/vigil stack up starts it; bin/vigil stack status shows it)");
    }
    return stats.errors() == 0 ? 0 : 1;
  }

  /** Accepts 30s, 10m, 1h, 500ms or ISO-8601 (PT30S). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase();
      if (v.startsWith("pt")) {
        return Duration.parse(value.strip());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new CommandLine.TypeConversionException("not a duration: " + value + " (try 30s, 10m)");
      };
    }

    static String format(Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorCommand()).execute(args));
  }
}
