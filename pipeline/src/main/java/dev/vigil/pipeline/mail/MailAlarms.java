package dev.vigil.pipeline.mail;

import dev.vigil.pipeline.customers.CassandraOptions;
import dev.vigil.pipeline.metrics.VigilMetric;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One e-mail per RAISED alarm to the monitoring mailbox, over SMTP with Jakarta Mail.
 *
 * <p>Not blocking the stream: the deployed pipeline feeds this from the alarms topic, a source of its own (see
 * {@link dev.vigil.pipeline.VigilPipeline#build}'s mail branch), so the rules never wait for SMTP. Within it, the mails are spread by a
 * {@link Reshuffle} (more senders than the topic has partitions) over a pool of sender threads, so one slow SMTP
 * answer does not hold up the others. Not losing mail on a transient failure: each send is retried with exponential back-off
 * ({@code --mailMaxAttempts}, {@code --mailBackoffMillis}), and a bundle finishes only once all its mails were sent
 * or given up on, so a crash before that re-sends them. Not mailing twice across such a crash: each sent mail is
 * recorded in the {@link MailLedger}, and an alarm id found there is not mailed again ({@code emailsAlreadySent}); one
 * whose send a crash interrupted is mailed again and counted ({@code emailsInDoubt}). A mail that fails every attempt
 * is logged with its alarm and counted in {@code emailsFailed}; the alarm itself is still on the alarms topic.
 */
public final class MailAlarms extends PTransform<PCollection<Alarm>, PDone> {
  private static final long serialVersionUID = 1L;

  private final SmtpSettings settings;

  private MailAlarms(SmtpSettings settings) {
    super("MailRaisedAlarms");
    this.settings = settings;
  }

  /** Mails over {@code options}' SMTP server, with the ledger in {@code options}' Cassandra keyspace. */
  public static <T extends MailOptions & CassandraOptions> MailAlarms to(T options) {
    MailLedger.Settings ledger = new MailLedger.Settings(options.getCassandraHosts(), options.getCassandraPort(),
        options.getCassandraKeyspace(), options.getMailLedgerTable(), options.getCassandraConsistency(),
        options.getCassandraLocalDc(), Math.toIntExact(options.getMailLedgerTtlHours() * 3600L));
    return new MailAlarms(new SmtpSettings(options.getSmtpHost(), options.getSmtpPort(), options.getSmtpTls(),
        options.getSmtpUser(), options.getSmtpPasswordEnv(), options.getMailFrom(), options.getMailTo(),
        Math.max(1, options.getMailMaxAttempts()), options.getMailBackoffMillis(),
        Math.max(1, options.getMailSenderThreads()), ledger));
  }

  @Override
  public PDone expand(PCollection<Alarm> alarms) {
    alarms
        .apply("RaisedOnly", Filter.by((Alarm alarm) -> alarm.status() == AlarmStatus.RAISED))
        .apply("SpreadOverSenders", Reshuffle.viaRandomKey())
        .apply("Send", ParDo.of(new SendFn(settings)));
    return PDone.in(alarms.getPipeline());
  }

  record SmtpSettings(String host, int port, MailOptions.Tls tls, String user, String passwordEnv, String from,
      String to, int maxAttempts, long backoffMillis, int threads, MailLedger.Settings ledger)
      implements Serializable {

    Session session() {
      Properties props = new Properties();
      String protocol = tls == MailOptions.Tls.SMTPS ? "smtps" : "smtp";
      props.put("mail.transport.protocol", protocol);
      props.put("mail." + protocol + ".host", host);
      props.put("mail." + protocol + ".port", String.valueOf(port));
      props.put("mail." + protocol + ".connectiontimeout", "5000");
      props.put("mail." + protocol + ".timeout", "10000");
      props.put("mail." + protocol + ".writetimeout", "10000");
      if (tls == MailOptions.Tls.STARTTLS) {
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
      }
      if (tls != MailOptions.Tls.NONE) {
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
      }
      String name = user.isBlank() ? System.getenv().getOrDefault("VIGIL_SMTP_USER", "") : user;
      if (name.isBlank()) {
        return Session.getInstance(props);
      }
      props.put("mail." + protocol + ".auth", "true");
      String password = System.getenv().getOrDefault(passwordEnv, "");
      return Session.getInstance(props, new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(name, password);
        }
      });
    }
  }

  /**
   * What became of one mail: sent or not, after how many attempts, and whether the ledger held it in doubt (sent
   * again after a crash, see {@link MailLedger}); or not sent because the ledger says it was sent already
   * ({@code attempts} 0).
   */
  record Outcome(boolean sent, int attempts, boolean alreadySent, boolean inDoubt) {
    static final Outcome ALREADY_SENT = new Outcome(false, 0, true, false);

    Outcome(boolean sent, int attempts, boolean inDoubt) {
      this(sent, attempts, false, inDoubt);
    }
  }

  static final class SendFn extends DoFn<Alarm, Void> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SendFn.class);

    private final SmtpSettings settings;
    private transient Session session;
    private transient ExecutorService senders;
    private transient List<Future<Outcome>> pending;
    /**
     * One SMTP connection per sender thread, kept open across mails: a new connection and handshake per mail is
     * what limits an alarm storm's mail rate (and so how long a bundle waits for its mails).
     */
    private transient ThreadLocal<Transport> connection;
    private transient Queue<Transport> opened;
    /**
     * Mails accepted but not yet sent: at most two per sender thread. When they are all taken, the next alarm waits
     * here, so the mails wait in Kafka instead of in the bundle. A bundle then holds about a second's worth of mail
     * (the runner closes it after a second), and finishing it, which every checkpoint waits for, takes seconds even
     * with a backlog of thousands; the checkpoints, and so the rules' offset commits, keep their pace.
     */
    private transient Semaphore unsent;
    private transient MailLedger ledger;
    /** Ledger look-ups and records that failed on the sender threads, counted into the metric by the bundle. */
    private transient AtomicLong ledgerErrors;

    SendFn(SmtpSettings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      session = settings.session();
      connection = new ThreadLocal<>();
      opened = new ConcurrentLinkedQueue<>();
      unsent = new Semaphore(2 * settings.threads());
      ledgerErrors = new AtomicLong();
      ledger = settings.ledger().enabled() ? MailLedger.open(settings.ledger()) : null;
      senders = Executors.newFixedThreadPool(settings.threads(), r -> {
        Thread t = new Thread(r, "vigil-mail-sender");
        t.setDaemon(true);
        return t;
      });
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void processElement(@Element Alarm alarm) throws InterruptedException {
      unsent.acquire();
      pending.add(senders.submit(() -> {
        try {
          return sendWithRetries(alarm);
        } finally {
          unsent.release();
        }
      }));
    }

    /** Waits for this bundle's mails: the bundle is done only when every mail was sent or given up on. */
    @FinishBundle
    public void finishBundle() throws InterruptedException {
      for (Future<Outcome> future : pending) {
        Outcome outcome;
        try {
          outcome = future.get();
        } catch (ExecutionException e) {
          outcome = new Outcome(false, settings.maxAttempts(), false);
          LOG.error("mail sender failed unexpectedly", e.getCause());
        }
        // Counted here, on the bundle's thread: Beam counters only count inside a DoFn method.
        if (outcome.alreadySent()) {
          VigilMetric.EMAILS_ALREADY_SENT.inc();
          continue;
        }
        (outcome.sent() ? VigilMetric.EMAILS_SENT : VigilMetric.EMAILS_FAILED).inc();
        if (outcome.inDoubt()) {
          VigilMetric.EMAILS_IN_DOUBT.inc();
        }
        if (outcome.attempts() > 1) {
          VigilMetric.EMAIL_RETRIES.inc(outcome.attempts() - 1);
        }
      }
      pending.clear();
      long failedLedgerCalls = ledgerErrors.getAndSet(0);
      if (failedLedgerCalls > 0) {
        VigilMetric.MAIL_LEDGER_ERRORS.inc(failedLedgerCalls);
      }
    }

    private Outcome sendWithRetries(Alarm alarm) throws InterruptedException {
      MailLedger.Entry entry = ledgerEntry(alarm);
      if (entry == MailLedger.Entry.MAILED) {
        return Outcome.ALREADY_SENT;
      }
      boolean inDoubt = entry == MailLedger.Entry.IN_DOUBT;
      if (inDoubt) {
        LOG.warn("mail for alarm {} is in doubt: its send began before a restart and was never confirmed, so the"
            + " SMTP server may have it; mailing it again with the same Message-ID", alarm.id());
      } else {
        ledgerCall(alarm, "marking the mail as being sent", () -> ledger.recordSending(alarm.id()));
      }
      long backoff = settings.backoffMillis();
      for (int attempt = 1; ; attempt++) {
        try {
          deliver(message(alarm));
          ledgerCall(alarm, "recording the mail as sent (a crash now would mail it again)",
              () -> ledger.recordMailed(alarm.id()));
          return new Outcome(true, attempt, inDoubt);
        } catch (MessagingException | RuntimeException e) {
          dropConnection();
          if (attempt >= settings.maxAttempts()) {
            LOG.error("giving up on the mail for {} alarm of sensor {} after {} attempts: {}", alarm.type(),
                alarm.sensorId(), attempt, e.toString());
            return new Outcome(false, attempt, inDoubt);
          }
          LOG.warn("mail for {} alarm of sensor {} failed (attempt {}), retrying in {} ms: {}", alarm.type(),
              alarm.sensorId(), attempt, backoff, e.toString());
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 60_000);
        }
      }
    }

    /**
     * What the ledger holds for this alarm's mail. A ledger that does not answer lets the mail go (a possible repeat
     * rather than a possible loss), logged and counted in {@code mailLedgerErrors}.
     */
    private MailLedger.Entry ledgerEntry(Alarm alarm) {
      if (ledger == null) {
        return MailLedger.Entry.NONE;
      }
      try {
        return ledger.lookup(alarm.id());
      } catch (RuntimeException e) {
        ledgerErrors.incrementAndGet();
        LOG.warn("mail ledger lookup for alarm {} failed, mailing it anyway: {}", alarm.id(), e.toString());
        return MailLedger.Entry.NONE;
      }
    }

    /** A ledger write; one that fails is logged and counted, and the mail goes on. */
    private void ledgerCall(Alarm alarm, String what, Runnable call) {
      if (ledger == null) {
        return;
      }
      try {
        call.run();
      } catch (RuntimeException e) {
        ledgerErrors.incrementAndGet();
        LOG.warn("mail ledger: {} failed for alarm {}: {}", what, alarm.id(), e.toString());
      }
    }

    /** Sends on this thread's open connection, or on a new one. */
    private void deliver(MimeMessage message) throws MessagingException {
      message.saveChanges();
      Transport open = connection.get();
      if (open != null) {
        try {
          open.sendMessage(message, message.getAllRecipients());
          return;
        } catch (MessagingException e) {
          // The server may have closed the connection while it idled: one more try on a fresh connection before
          // this counts as a failed attempt.
          dropConnection();
        }
      }
      Transport fresh = session.getTransport();
      fresh.connect();
      connection.set(fresh);
      opened.add(fresh);
      fresh.sendMessage(message, message.getAllRecipients());
    }

    private void dropConnection() {
      Transport open = connection.get();
      connection.remove();
      if (open != null) {
        opened.remove(open);
        closeQuietly(open);
      }
    }

    private static void closeQuietly(Transport transport) {
      try {
        transport.close();
      } catch (MessagingException | RuntimeException e) {
        // Closing a connection that already failed: nothing left to do with it.
      }
    }

    private MimeMessage message(Alarm alarm) throws MessagingException {
      // The alarm's id as the Message-ID (JavaMail would make a random one): a mail sent again after a crash is the
      // same message to every mail system that dedups on it.
      MimeMessage message = new MimeMessage(session) {
        @Override
        protected void updateMessageID() throws MessagingException {
          setHeader("Message-ID", AlarmMail.messageId(alarm));
        }
      };
      message.setFrom(new InternetAddress(settings.from()));
      message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(settings.to()));
      message.setSubject(AlarmMail.subject(alarm), StandardCharsets.UTF_8.name());
      message.setText(AlarmMail.body(alarm), StandardCharsets.UTF_8.name());
      message.setHeader("X-Vigil-Sensor", alarm.sensorId());
      message.setHeader("X-Vigil-Alarm", alarm.type().name());
      message.setHeader("X-Vigil-Alarm-Id", alarm.id());
      return message;
    }

    @Teardown
    public void teardown() {
      if (senders != null) {
        senders.shutdownNow();
      }
      if (opened != null) {
        opened.forEach(SendFn::closeQuietly);
      }
      if (ledger != null) {
        ledger.close();
        ledger = null;
      }
    }
  }
}
