// The local stack's mail sink (server 'greenmail'), run by bin/vigil with Java's source launcher on
// stack/servers/greenmail's classpath:
//   java -Dgreenmail.smtp.port=... (GreenMail's standalone settings) -cp <greenmail classpath> MailSink.java
// Starts GreenMail's standalone server (SMTP, IMAP and its REST API, configured by the -Dgreenmail.* properties) and
// bounds what it keeps: GreenMail holds every mail in memory, and an unbounded one died of OutOfMemoryError at
// -Xmx256m after ~8,000 mails (a long demo raises that many alarms in about an hour). Every
// VIGIL_GREENMAIL_PURGE_SECONDS (30) it deletes, across
// all mailboxes, the mails older than VIGIL_GREENMAIL_KEEP_MINUTES (60) and the oldest beyond the newest
// VIGIL_GREENMAIL_KEEP_MESSAGES (10,000; ~9 KB each here), and logs what it deleted. The tests read a run's mails
// within minutes of sending them, well inside both bounds.
import com.icegreen.greenmail.standalone.GreenMailStandaloneRunner;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Flags;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

public class MailSink {
  private record Kept(MailFolder folder, StoredMessage message) {}

  public static void main(String[] args) throws Exception {
    long keepMinutes = setting("VIGIL_GREENMAIL_KEEP_MINUTES", 60);
    int keepMessages = (int) setting("VIGIL_GREENMAIL_KEEP_MESSAGES", 10_000);
    long every = setting("VIGIL_GREENMAIL_PURGE_SECONDS", 30);
    GreenMailStandaloneRunner runner = new GreenMailStandaloneRunner();
    runner.doRun(System.getProperties());
    // The runner keeps its GreenMail to itself (a package-private getter); the store is what the sink bounds.
    Method getter = GreenMailStandaloneRunner.class.getDeclaredMethod("getGreenMail");
    getter.setAccessible(true);
    GreenMail greenMail = (GreenMail) getter.invoke(runner);
    System.out.printf("mail sink: keeping mails for %d min, at most %,d%n", keepMinutes, keepMessages);
    ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor();
    purger.scheduleWithFixedDelay(() -> {
      try {
        purge(greenMail, Instant.now().minusSeconds(keepMinutes * 60), keepMessages);
      } catch (Exception e) {
        System.out.println("mail sink: purge failed: " + e);
      }
    }, every, every, TimeUnit.SECONDS);
    Thread.currentThread().join();
  }

  /** Deletes the mails received before {@code before} and the oldest beyond {@code keep}; logs what it did. */
  static void purge(GreenMail greenMail, Instant before, int keep) throws Exception {
    List<Kept> all = new ArrayList<>();
    for (MailFolder folder : greenMail.getManagers().getImapHostManager().getStore().listMailboxes("*")) {
      for (StoredMessage message : folder.getMessages()) {
        all.add(new Kept(folder, message));
      }
    }
    // Newest first; a mailbox's UIDs grow with each mail, which orders mails received within the same millisecond.
    all.sort(Comparator.comparing((Kept k) -> k.message().getReceivedDate())
        .thenComparingLong(k -> k.message().getUid()).reversed());
    Set<MailFolder> touched = new HashSet<>();
    int deleted = 0;
    for (int i = 0; i < all.size(); i++) {
      Kept k = all.get(i);
      if (i >= keep || k.message().getReceivedDate().toInstant().isBefore(before)) {
        k.message().setFlag(Flags.Flag.DELETED, true);
        touched.add(k.folder());
        deleted++;
      }
    }
    for (MailFolder folder : touched) {
      folder.expunge();
    }
    if (deleted > 0) {
      System.out.printf("mail sink: deleted %,d mails (older than %s or beyond the newest %,d), kept %,d%n", deleted,
          before, keep, all.size() - deleted);
    }
  }

  private static long setting(String name, long fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Long.parseLong(value.strip());
  }
}
