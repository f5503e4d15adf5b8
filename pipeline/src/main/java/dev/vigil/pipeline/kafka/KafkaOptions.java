package dev.vigil.pipeline.kafka;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the pipeline reads and writes Kafka. Defaults point at the local stack. */
public interface KafkaOptions extends PipelineOptions {

  /** How the Kafka source sets the watermark. */
  enum Watermark {
    /** Watermark = wall clock: always advances, also on idle partitions; a long backlog is counted as late. */
    PROCESSING_TIME,
    /** Watermark = record create time minus {@code --kafkaMaxDelaySeconds}: right for backlogs, but an idle
     *  partition holds it back. */
    CREATE_TIME
  }

  @Description("Kafka bootstrap servers, host:port[,host:port...].")
  @Default.String("127.0.0.1:9092")
  String getKafkaBootstrapServers();

  void setKafkaBootstrapServers(String value);

  @Description("Topic of every message a sensor sends, readings and recoveries (the reference ENTRY and OK), keyed "
      + "by sensor id, so that each sensor's messages are one ordered log; header vigil.kind says which.")
  @Default.String("vigil.readings")
  String getReadingsTopic();

  void setReadingsTopic(String value);

  @Description("Topic the alarm events (RAISED and CLEARED, JSON with the customer) are written to.")
  @Default.String("vigil.alarms")
  String getAlarmsTopic();

  void setAlarmsTopic(String value);

  @Description("Topic malformed records go to: original bytes as the value, reason and source coordinates in "
      + "headers.")
  @Default.String("vigil.deadletter")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description("Consumer group; offsets are committed for it when a checkpoint (Flink) or bundle is finalized.")
  @Default.String("vigil-pipeline")
  String getKafkaGroupId();

  void setKafkaGroupId(String value);

  @Description("Where a group with no committed offset starts: earliest (nothing is skipped) or latest.")
  @Default.String("earliest")
  String getKafkaStartFrom();

  void setKafkaStartFrom(String value);

  @Description("Watermark of the Kafka source: PROCESSING_TIME or CREATE_TIME.")
  @Default.Enum("PROCESSING_TIME")
  Watermark getKafkaWatermark();

  void setKafkaWatermark(Watermark value);

  @Description("With --kafkaWatermark=CREATE_TIME: how far behind the newest create time the watermark stays.")
  @Default.Long(10)
  long getKafkaMaxDelaySeconds();

  void setKafkaMaxDelaySeconds(long value);
}
