package dev.vigil.bench;

/**
 * What one benchmark job did and how long it took.
 *
 * @param engine     which side ran (e.g. "native Flink", "Vigil on Beam (FlinkRunner)")
 * @param records    records read from the topic
 * @param badRecords records that did not parse (counted and dropped)
 * @param alarms     alarm events the rules emitted
 * @param seconds    wall time from job submission to the job finishing (includes the mini-cluster's start-up)
 */
public record JobRun(String engine, long records, long badRecords, long alarms, double seconds) {

  public double recordsPerSecond() {
    return records / seconds;
  }
}
