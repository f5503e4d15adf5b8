package dev.vigil.pipeline.mail;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.policies.DCAwareRoundRobinPolicy;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * The ids of the alarms whose mail went out, in a Cassandra table beside the customer table, so that an alarm is
 * mailed once even across a crash of the pipeline.
 *
 * <p>Why outside the pipeline's state: a restore from a checkpoint rolls {@link OneMailPerAlarm}'s memory back
 * together with the mail branch's offsets, so the alarms mailed between that checkpoint and the crash are read and
 * mailed again. This table is not rolled back.
 *
 * <p>Two marks per alarm: {@code sending_since} before its first attempt, {@code mailed_at} once the SMTP server
 * accepted it. A crash between the two leaves the mail <em>in doubt</em>: the server may have taken it (it stores a
 * mail before its answer reaches the sender, and a sender that dies with the mail in flight never records it), or
 * not. SMTP has no way to ask, so an in-doubt mail is sent again, with the same Message-ID, logged and counted
 * ({@code emailsInDoubt}): a possible repeat rather than a possible loss. Recording {@code mailed_at} first instead
 * would lose the mail of a crash in between. {@code PipelineCrashIT} measured such a window at about one kill in four
 * with two mails a second in flight, so the mark is what tells such a repeat from a defect.
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
  private final PreparedStatement markSending;
  private final PreparedStatement markMailed;
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
      addSendingColumnIfMissing();
      lookup = session.prepare("SELECT sending_since, mailed_at FROM " + settings.qualifiedTable()
          + " WHERE alarm_id = ?");
      markSending = session.prepare("INSERT INTO " + settings.qualifiedTable()
          + " (alarm_id, sending_since) VALUES (?, ?)");
      markMailed = session.prepare("INSERT INTO " + settings.qualifiedTable()
          + " (alarm_id, mailed_at) VALUES (?, ?)");
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The CQL that creates the ledger's table when it is missing (the pipeline runs it at start). */
  public static String createTable(Settings settings) {
    return "CREATE TABLE IF NOT EXISTS " + settings.qualifiedTable()
        + " (alarm_id text PRIMARY KEY, sending_since timestamp, mailed_at timestamp) WITH default_time_to_live = "
        + settings.ttlSeconds();
  }

  /** A ledger created before the in-doubt mark (only {@code mailed_at}) gets its column. */
  private void addSendingColumnIfMissing() {
    var keyspace = cluster.getMetadata().getKeyspace(settings.keyspace());
    var table = keyspace == null ? null : keyspace.getTable(settings.table());
    if (table != null && table.getColumn("sending_since") == null) {
      session.execute("ALTER TABLE " + settings.qualifiedTable() + " ADD sending_since timestamp");
    }
  }

  /** This JVM's ledger for {@code settings}, opened (and its table created) by the first caller. */
  static synchronized MailLedger open(Settings settings) {
    MailLedger ledger = OPEN.computeIfAbsent(settings, MailLedger::new);
    ledger.users++;
    return ledger;
  }

  /** What the ledger holds for one alarm id. */
  enum Entry {
    /** No mail was started. */
    NONE,
    /** A send began and was never confirmed: the sender crashed, or another sender is on it right now. */
    IN_DOUBT,
    /** The SMTP server accepted the mail. */
    MAILED
  }

  Entry lookup(String alarmId) {
    Row row = session.execute(lookup.bind(alarmId)).one();
    if (row == null) {
      return Entry.NONE;
    }
    return row.isNull("mailed_at") ? (row.isNull("sending_since") ? Entry.NONE : Entry.IN_DOUBT) : Entry.MAILED;
  }

  /** Marks that the first attempt at this alarm's mail is about to start. */
  void recordSending(String alarmId) {
    session.execute(markSending.bind(alarmId, new Date()));
  }

  /** Records that the mail for this alarm id was accepted by the SMTP server. */
  void recordMailed(String alarmId) {
    session.execute(markMailed.bind(alarmId, new Date()));
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
