package dev.vigil.tests.pipeline;

import dev.vigil.tests.support.LocalStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of one of the stack's real servers (GreenMail's SMTP, InfluxDB's HTTP) that can be "down":
 * going down cuts every relayed connection, and while down it accepts each new connection and closes it at once (the
 * client sees the connection drop, as when the server restarts); while up it relays bytes both ways. The stack's server
 * stays up for the other tests. It counts the connections it turned away.
 */
final class ServerOutage implements AutoCloseable {
  private final String server;
  private final int serverPort;
  private final ServerSocket listener;
  private final AtomicBoolean up;
  private final AtomicInteger turnedAway = new AtomicInteger();
  private final Set<Socket> relayed = ConcurrentHashMap.newKeySet();

  /** A relay to the stack's SMTP server, down until {@link #up}. */
  static ServerOutage smtp() throws IOException {
    return new ServerOutage("smtp", LocalStack.smtpPort(), false);
  }

  /** A relay to the stack's InfluxDB, up until {@link #down}. */
  static ServerOutage influxDb() throws IOException {
    return new ServerOutage("influxdb", Integer.parseInt(LocalStack.influxDbUrl().replaceAll(".*:", "")), true);
  }

  private ServerOutage(String server, int serverPort, boolean initiallyUp) throws IOException {
    this.server = server;
    this.serverPort = serverPort;
    this.up = new AtomicBoolean(initiallyUp);
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, server + "-outage");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  int turnedAway() {
    return turnedAway.get();
  }

  void up(boolean value) {
    up.set(value);
    if (!value) {
      for (Socket socket : relayed) {
        closeQuietly(socket);
      }
    }
  }

  void down() {
    up(false);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (!up.get()) {
          turnedAway.incrementAndGet();
          client.close();
          continue;
        }
        Socket target = new Socket(LocalStack.HOST, serverPort);
        relayed.add(client);
        relayed.add(target);
        pipe(client.getInputStream(), target.getOutputStream(), target);
        pipe(target.getInputStream(), client.getOutputStream(), client);
      } catch (IOException e) {
        // listener closed, or one relay failed: the client sees a dropped connection, which is the point
      }
    }
  }

  private void pipe(InputStream in, OutputStream out, Socket closeAtEnd) {
    Thread relay = new Thread(() -> {
      try {
        in.transferTo(out);
      } catch (IOException e) {
        // the other side closed, or the outage cut it
      } finally {
        relayed.remove(closeAtEnd);
        closeQuietly(closeAtEnd);
      }
    }, server + "-relay");
    relay.setDaemon(true);
    relay.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    relayed.forEach(ServerOutage::closeQuietly);
  }
}
