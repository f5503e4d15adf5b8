package dev.vigil.pipeline.mail;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.policies.DCAwareRoundRobinPolicy;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The ids of the alarms whose mail went out, in a Cassandra table beside the customer table, so that an alarm is
 * mailed once even across a crash of the pipeline.
 *
 * <p>Why outside the pipeline's state: a restore from a checkpoint rolls {@link OneMailPerAlarm}'s memory back
 * together with the mail branch's offsets, so the alarms mailed between that checkpoint and the crash are read and
 * mailed again. This table is not rolled back. A mail is recorded right after the SMTP server accepted it: the one
 * window left for a repeat is a crash between that answer and the write (milliseconds); recording it before sending
 * would instead lose the mail of a crash in between, and a lost alarm is worse than a repeated mail.
 *
 * <p>One session per JVM and settings, shared by the mail senders of every DoFn instance there and closed with the
 * last of them. Rows expire after {@code --mailLedgerTtlHours}: replays only reach back to the last checkpoint.
 */
public final class MailLedger implements AutoCloseable {
  /** Where the ledger is; {@code table} empty means no ledger. */
  public record Settings(String hosts, int port, String keyspace, String table, String consistency, String localDc,
      int ttlSeconds) implements Serializable {

    public boolean enabled() {
      return !table.isBlank();
    }

    String qualifiedTable() {
      return keyspace + "." + table;
    }
  }

  private static final Map<Settings, MailLedger> OPEN = new HashMap<>();

  private final Settings settings;
  private final Cluster cluster;
  private final Session session;
  private final PreparedStatement lookup;
  private final PreparedStatement record;
  private int users;

  private MailLedger(Settings settings) {
    this.settings = settings;
    Cluster.Builder builder = Cluster.builder()
        .addContactPoints(Arrays.stream(settings.hosts().split(",")).map(String::strip).toArray(String[]::new))
        .withPort(settings.port())
        // Nothing reads the driver's JMX metrics; the reporter is one more thread and MBean set per session.
        .withoutJMXReporting()
        .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.valueOf(settings.consistency())));
    if (!settings.localDc().isBlank()) {
      builder.withLoadBalancingPolicy(DCAwareRoundRobinPolicy.builder().withLocalDc(settings.localDc()).build());
    }
    cluster = builder.build();
    try {
      session = cluster.connect();
      session.execute(createTable(settings));
      lookup = session.prepare("SELECT mailed_at FROM " + settings.qualifiedTable() + " WHERE alarm_id = ?");
      record = session.prepare("INSERT INTO " + settings.qualifiedTable() + " (alarm_id, mailed_at) VALUES (?, ?)");
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The CQL that creates the ledger's table when it is missing (the pipeline runs it at start). */
  public static String createTable(Settings settings) {
    return "CREATE TABLE IF NOT EXISTS " + settings.qualifiedTable()
        + " (alarm_id text PRIMARY KEY, mailed_at timestamp) WITH default_time_to_live = " + settings.ttlSeconds();
  }

  /** This JVM's ledger for {@code settings}, opened (and its table created) by the first caller. */
  static synchronized MailLedger open(Settings settings) {
    MailLedger ledger = OPEN.computeIfAbsent(settings, MailLedger::new);
    ledger.users++;
    return ledger;
  }

  /** Whether a mail for this alarm id was sent and recorded. */
  boolean mailed(String alarmId) {
    return session.execute(lookup.bind(alarmId)).one() != null;
  }

  /** Records that the mail for this alarm id was accepted by the SMTP server. */
  void recordMailed(String alarmId) {
    session.execute(record.bind(alarmId, new java.util.Date()));
  }

  /** Lets go of this user's share; the session closes with the last one. */
  @Override
  public void close() {
    synchronized (MailLedger.class) {
      if (--users > 0) {
        return;
      }
      OPEN.remove(settings);
    }
    cluster.close();
  }
}
