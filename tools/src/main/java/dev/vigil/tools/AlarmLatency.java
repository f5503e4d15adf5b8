package dev.vigil.tools;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency from a reading to its alarm: reads the alarms topic from its end for a while and, for each RAISED alarm,
 * measures the time from the triggering reading's timestamp (stamped by the sensor, here the simulator, when it
 * sent the reading) to the alarm record's Kafka timestamp (set when the pipeline wrote it).
 */
@Command(name = "vigil-alarm-latency", mixinStandardHelpOptions = true,
    description = "Measures reading-to-alarm latency on the alarms topic; prints p50/p99 every 10 s and at the end.")
public final class AlarmLatency implements Callable<Integer> {

  @Option(names = "--kafka", defaultValue = "127.0.0.1:9092", description = "Default: ${DEFAULT-VALUE}")
  String kafka;

  @Option(names = "--topic", defaultValue = "vigil.alarms", description = "Default: ${DEFAULT-VALUE}")
  String topic;

  @Option(names = "--seconds", defaultValue = "60", description = "How long to listen (default: ${DEFAULT-VALUE}).")
  long seconds;

  @Option(names = "--quiet-seconds", defaultValue = "0", description = "After --seconds, listen on until no alarm has"
      + " come for this long (default: ${DEFAULT-VALUE}, off): a pipeline that fell behind is still writing alarms.")
  long quietSeconds;

  @Option(names = "--max-seconds", defaultValue = "900", description = "With --quiet-seconds, listen at most this long"
      + " in all (default: ${DEFAULT-VALUE}).")
  long maxSeconds;

  @Option(names = "--skip-seconds", defaultValue = "0",
      description = "Ignore alarms during this warm-up (default: ${DEFAULT-VALUE}).")
  long skipSeconds;

  @Override
  public Integer call() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-alarm-latency-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Histogram latency = new Histogram(Duration.ofMinutes(10).toMillis(), 3);
    long start = System.currentTimeMillis();
    long end = start + seconds * 1000;
    long hardEnd = start + Math.max(seconds, maxSeconds) * 1000;
    long nextReport = start + 10_000;
    long unreadable = 0;
    long lastAlarm = -1;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (listening(System.currentTimeMillis(), end, hardEnd, lastAlarm < 0 ? start : lastAlarm)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          lastAlarm = System.currentTimeMillis();
          try {
            Alarm alarm = WireFormat.parseAlarm(record.value());
            if (alarm.status() != AlarmStatus.RAISED || alarm.trigger().isEmpty()
                || record.timestamp() < start + skipSeconds * 1000) {
              continue;
            }
            Reading trigger = alarm.trigger().get(alarm.trigger().size() - 1);
            latency.recordValue(Math.max(0, Math.min(record.timestamp() - trigger.timestamp(),
                latency.getHighestTrackableValue())));
          } catch (MalformedMessageException e) {
            unreadable++;
          }
        }
        if (System.currentTimeMillis() >= nextReport) {
          print("so far", latency, unreadable);
          nextReport += 10_000;
        }
      }
    }
    print("total", latency, unreadable);
    System.out.printf(Locale.ROOT, "last alarm %.1f s after the start%n",
        lastAlarm < 0 ? 0.0 : (lastAlarm - start) / 1000.0);
    return latency.getTotalCount() > 0 ? 0 : 1;
  }

  /** Within --seconds; after them, with --quiet-seconds, until that long has passed since the last alarm. */
  private boolean listening(long now, long end, long hardEnd, long lastAlarm) {
    if (now < end) {
      return true;
    }
    return quietSeconds > 0 && now < hardEnd && now - lastAlarm < quietSeconds * 1000;
  }

  private static void print(String label, Histogram h, long unreadable) {
    System.out.printf("alarm latency %s: %,d alarms  p50 %d ms  p90 %d ms  p99 %d ms  max %d ms%s%n", label,
        h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
        h.getMaxValue(), unreadable > 0 ? "  (" + unreadable + " unreadable records)" : "");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new AlarmLatency()).execute(args));
  }
}
