package dev.vigil.bench.nativeflink;

import dev.vigil.bench.JobRun;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.Reading;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.common.TopicPartition;

/**
 * Vigil's rules as a plain Flink 1.19 DataStream job, the way the reference system ran them: Kafka source (bounded)
 * → parse ({@code WireFormat.parseReading}, bad records counted and dropped) → keyBy(sensor id) → the pipeline's
 * {@code SensorRules} in a {@link SensorRulesFunction} → alarms counted into a discarding sink. Local mini-cluster,
 * streaming runtime mode, heap state backend, no checkpoints.
 */
public final class NativeRulesJob {
  public static final String ENGINE = "native Flink DataStream";

  private NativeRulesJob() {}

  /**
   * Runs the job to the end and returns what it counted.
   *
   * @param stopOffsets where each partition's reading stops (exclusive), or null for "the end offsets when the job
   *                    starts"; reading always starts at the earliest offset
   */
  public static JobRun run(String bootstrapServers, String topic, Map<TopicPartition, Long> stopOffsets,
      int parallelism, RulesConfig config) throws Exception {
    StreamExecutionEnvironment env = localEnvironment(parallelism);
    KafkaSource<Tuple2<byte[], Long>> source = KafkaSource
        .<Tuple2<byte[], Long>>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(topic)
        .setGroupId("vigil-bench-native")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(stopOffsets == null ? OffsetsInitializer.latest() : OffsetsInitializer.offsets(stopOffsets))
        .setDeserializer(new KafkaPayloads())
        // No checkpoints, nothing to commit: the Beam side commits nothing either.
        .setProperty("commit.offsets.on.checkpoint", "false")
        .build();
    DataStream<Reading> readings = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "KafkaReadings")
        .flatMap(new ParseReadings()).name("Parse").returns(VigilTypes.READING);
    applyRules(readings, config)
        .map(new AlarmTally()).name("TallyAlarms").returns(VigilTypes.ALARM)
        .sinkTo(new DiscardingSink<>()).name("Discard");

    long start = System.nanoTime();
    JobExecutionResult result = env.execute("vigil-native-rules");
    double seconds = (System.nanoTime() - start) / 1e9;
    return new JobRun(ENGINE, counter(result, ParseReadings.RECORDS), counter(result, ParseReadings.BAD_RECORDS),
        counter(result, AlarmTally.ALARMS), seconds);
  }

  /** keyBy(sensor id) → the rules: the part that a test can also feed from memory. */
  public static DataStream<Alarm> applyRules(DataStream<Reading> readings, RulesConfig config) {
    return readings
        .keyBy(Reading::sensorId, Types.STRING)
        .process(new SensorRulesFunction(config)).name("PerSensorRules").returns(VigilTypes.ALARM);
  }

  /** An embedded mini-cluster, set up as the Beam side's FlinkRunner sets up its own: streaming, heap state. */
  public static StreamExecutionEnvironment localEnvironment(int parallelism) {
    Configuration configuration = new Configuration();
    configuration.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.setStateBackend(new HashMapStateBackend());
    return env;
  }

  private static long counter(JobExecutionResult result, String name) {
    Long value = result.getAccumulatorResult(name);
    return value == null ? 0 : value;
  }
}
