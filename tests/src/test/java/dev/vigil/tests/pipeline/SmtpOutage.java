package dev.vigil.tests.pipeline;

import dev.vigil.tests.support.LocalStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the stack's real SMTP server (GreenMail) that can be "down": while down it accepts each
 * connection and closes it at once (the client sees the connection drop before the greeting, as when a mail server
 * restarts); while up it relays bytes both ways. It counts the connections it turned away.
 */
final class SmtpOutage implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicBoolean up = new AtomicBoolean(false);
  private final AtomicInteger turnedAway = new AtomicInteger();

  SmtpOutage() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "smtp-outage");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int turnedAway() {
    return turnedAway.get();
  }

  void up(boolean value) {
    up.set(value);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (!up.get()) {
          turnedAway.incrementAndGet();
          client.close();
          continue;
        }
        Socket smtp = new Socket(LocalStack.HOST, LocalStack.smtpPort());
        pipe(client.getInputStream(), smtp.getOutputStream(), smtp);
        pipe(smtp.getInputStream(), client.getOutputStream(), client);
      } catch (IOException e) {
        // server closed, or one relay failed: the client sees a dropped connection, which is the point
      }
    }
  }

  private static void pipe(InputStream in, OutputStream out, Socket closeAtEnd) {
    Thread relay = new Thread(() -> {
      try (closeAtEnd) {
        in.transferTo(out);
      } catch (IOException e) {
        // the other side closed
      }
    }, "smtp-relay");
    relay.setDaemon(true);
    relay.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
