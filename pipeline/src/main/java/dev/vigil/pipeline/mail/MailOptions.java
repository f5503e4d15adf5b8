package dev.vigil.pipeline.mail;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The monitoring mailbox and the SMTP server that reaches it. Credentials never come from code: the user from
 * {@code --smtpUser} or the environment variable {@code VIGIL_SMTP_USER}, the password only from the environment
 * variable named by {@code --smtpPasswordEnv} (read on the workers, so it is not in the job graph).
 */
public interface MailOptions extends PipelineOptions {

  /** How the SMTP connection is secured. */
  enum Tls {
    NONE,
    /** Plain connection upgraded with STARTTLS, which is required (port 587 as a rule). */
    STARTTLS,
    /** TLS from the first byte (SMTPS, port 465 as a rule). */
    SMTPS
  }

  @Description("Send one e-mail per RAISED alarm to --mailTo (false: no mail sink).")
  @Default.Boolean(true)
  boolean getMailEnabled();

  void setMailEnabled(boolean value);

  @Description("SMTP host.")
  @Default.String("127.0.0.1")
  String getSmtpHost();

  void setSmtpHost(String value);

  @Description("SMTP port.")
  @Default.Integer(3025)
  int getSmtpPort();

  void setSmtpPort(int value);

  @Description("SMTP transport security: NONE, STARTTLS or SMTPS.")
  @Default.Enum("NONE")
  Tls getSmtpTls();

  void setSmtpTls(Tls value);

  @Description("SMTP user (empty: the environment variable VIGIL_SMTP_USER; none at all: no authentication).")
  @Default.String("")
  String getSmtpUser();

  void setSmtpUser(String value);

  @Description("Name of the environment variable holding the SMTP password.")
  @Default.String("VIGIL_SMTP_PASSWORD")
  String getSmtpPasswordEnv();

  void setSmtpPasswordEnv(String value);

  @Description("Sender address of the alarm e-mails.")
  @Default.String("vigil-alarms@vigil.local")
  String getMailFrom();

  void setMailFrom(String value);

  @Description("The monitoring mailbox that receives one e-mail per RAISED alarm.")
  @Default.String("monitoring@vigil.local")
  String getMailTo();

  void setMailTo(String value);

  @Description("Attempts per e-mail before it counts as failed (with exponential back-off between them, capped at "
      + "60 s: the default 10 rides out an SMTP outage of ~3 minutes).")
  @Default.Integer(10)
  int getMailMaxAttempts();

  void setMailMaxAttempts(int value);

  @Description("Back-off before the second attempt, in milliseconds; doubles with each further attempt.")
  @Default.Long(500)
  long getMailBackoffMillis();

  void setMailBackoffMillis(long value);

  @Description("Threads per worker that talk SMTP, so one slow send does not hold up the others.")
  @Default.Integer(4)
  int getMailSenderThreads();

  void setMailSenderThreads(int value);

  @Description("Table, in --cassandraKeyspace, of the alarm ids whose mail was sent, so that no alarm is mailed twice "
      + "across a pipeline crash (created when missing; empty: no ledger, a restore may repeat mails).")
  @Default.String("mailed_alarms")
  String getMailLedgerTable();

  void setMailLedgerTable(String value);

  @Description("Hours a mail ledger row is kept (Cassandra TTL); a replay after a crash reaches back one checkpoint.")
  @Default.Integer(168)
  int getMailLedgerTtlHours();

  void setMailLedgerTtlHours(int value);
}
