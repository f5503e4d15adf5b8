package dev.vigil.pipeline.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SharedMetricRegistries;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The pipeline's operational counters, each kept twice: as a Beam counter (namespace {@code vigil}; aggregated by
 * the runner over all workers, visible in Flink's UI and in {@code PipelineResult.metrics()}) and as a Dropwizard
 * counter in this JVM's {@link #REGISTRY}, which {@link MetricsEndpoint} serves to Prometheus. On a local runner
 * (Direct, Flink {@code [local]}) the JVM is the whole pipeline; on a cluster each worker JVM counts its own share.
 */
public enum VigilMetric {
  READINGS_IN("readingsIn", "vigil.pipeline.readings.in"),
  RECOVERIES_IN("recoveriesIn", "vigil.pipeline.recoveries.in"),
  DEAD_LETTERS("deadLetters", "vigil.pipeline.dead.letters"),
  ALARMS_RAISED("alarmsRaised", "vigil.pipeline.alarms.raised"),
  ALARMS_CLEARED("alarmsCleared", "vigil.pipeline.alarms.cleared"),
  EMAILS_SENT("emailsSent", "vigil.pipeline.emails.sent"),
  EMAIL_RETRIES("emailRetries", "vigil.pipeline.emails.retries"),
  EMAILS_FAILED("emailsFailed", "vigil.pipeline.emails.failed"),
  /** RAISED events not mailed because a mail for the same alarm id went out already (a replayed alarm). */
  EMAILS_DUPLICATES_SKIPPED("emailDuplicatesSkipped", "vigil.pipeline.emails.duplicates.skipped"),
  /**
   * RAISED events not mailed because the mail ledger holds their id: mailed before a crash and a restore from an
   * earlier checkpoint (see {@code MailLedger}).
   */
  EMAILS_ALREADY_SENT("emailsAlreadySent", "vigil.pipeline.emails.already.sent"),
  /**
   * Mails sent again because the ledger held them in doubt: a send began before a crash and was never confirmed, so
   * the first may have reached the SMTP server (see {@code MailLedger}).
   */
  EMAILS_IN_DOUBT("emailsInDoubt", "vigil.pipeline.emails.in.doubt"),
  /** Mail ledger look-ups or records that failed (the mail went out regardless: a possible repeat, never a loss). */
  MAIL_LEDGER_ERRORS("mailLedgerErrors", "vigil.pipeline.mail.ledger.errors"),
  INFLUX_POINTS_WRITTEN("influxPointsWritten", "vigil.pipeline.influx.points.written"),
  /** Failed InfluxDB write attempts (each is retried until it goes through: an outage counts one per try). */
  INFLUX_WRITE_ERRORS("influxWriteErrors", "vigil.pipeline.influx.write.errors"),
  /** Points dropped because more were waiting for InfluxDB than {@code --influxBufferPoints} allows. */
  INFLUX_POINTS_DROPPED("influxPointsDropped", "vigil.pipeline.influx.points.dropped"),
  /**
   * Complete customer snapshots loaded into the side input: the first one is when enrichment can start (until then
   * the runner holds readings back), so the local stack counts the pipeline ready at 1.
   */
  CUSTOMER_SNAPSHOTS("customerSnapshots", "vigil.pipeline.customer.snapshots");

  public static final String NAMESPACE = "vigil";
  /** The registry {@link MetricsEndpoint} exports; one per JVM. */
  public static final MetricRegistry REGISTRY = SharedMetricRegistries.getOrCreate("vigil-pipeline");

  private final String beamName;
  private final String dropwizardName;

  VigilMetric(String beamName, String dropwizardName) {
    this.beamName = beamName;
    this.dropwizardName = dropwizardName;
  }

  /** Name of the Beam counter, in namespace {@link #NAMESPACE}. */
  public String beamName() {
    return beamName;
  }

  /** Name in Prometheus (the Dropwizard name with dots as underscores). */
  public String prometheusName() {
    return dropwizardName.replace('.', '_');
  }

  /** Counts {@code n} in both systems. Call it from a DoFn method so that the Beam counter has a container. */
  public void inc(long n) {
    Metrics.counter(NAMESPACE, beamName).inc(n);
    dropwizard().inc(n);
  }

  public void inc() {
    inc(1);
  }

  /** This JVM's Dropwizard counter (for tests and the endpoint). */
  public Counter dropwizard() {
    return REGISTRY.counter(dropwizardName);
  }
}
