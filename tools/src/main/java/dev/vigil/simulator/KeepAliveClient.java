package dev.vigil.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The simulator's HTTP/1.1 transport: a fixed number of keep-alive connections, each served by a thread of its own
 * that writes one POST, reads its answer, and takes the next, as a sensor (or a gateway of sensors) does.
 *
 * <p>Why not the JDK's {@code HttpClient}: it cost about 200 µs of CPU per request here, which on a 2-core machine
 * made the load generator the platform's biggest process at 3,000 requests/s. A blocking socket per connection does
 * the same work with a few system calls. Plain HTTP only (the local platform's load balancer); a response is read by
 * its {@code Content-Length} or chunked body, and a connection the server closes is opened again.
 */
final class KeepAliveClient implements AutoCloseable {

  /** What became of one POST: its HTTP status, or -1 when no answer came (with the error). */
  interface Callback {
    void done(int status, Exception error);
  }

  private record Post(String path, byte[] body, Callback callback) {}

  private final String host;
  private final int port;
  private final String hostHeader;
  private final int timeoutMillis;
  private final BlockingQueue<Post> queue;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  KeepAliveClient(URI target, int connections, Duration timeout) {
    if (!"http".equalsIgnoreCase(target.getScheme())) {
      throw new IllegalArgumentException("the simulator speaks plain HTTP only, not " + target.getScheme()
          + ": point --target at the load balancer's http:// address");
    }
    this.host = target.getHost();
    this.port = target.getPort() > 0 ? target.getPort() : 80;
    this.hostHeader = host + ":" + port;
    this.timeoutMillis = (int) timeout.toMillis();
    this.queue = new ArrayBlockingQueue<>(connections);
    for (int i = 0; i < connections; i++) {
      Thread thread = new Thread(this::serve, "simulator-connection-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  /** Queues a POST; the caller bounds how many are outstanding (at most one per connection is ever queued). */
  void post(String path, byte[] body, Callback callback) throws InterruptedException {
    queue.put(new Post(path, body, callback));
  }

  private void serve() {
    Connection connection = null;
    while (!closed) {
      Post post;
      try {
        post = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      int status = -1;
      Exception error = null;
      try {
        if (connection == null) {
          connection = new Connection();
        }
        status = connection.exchange(post);
        if (!connection.keepAlive) {
          connection.close();
          connection = null;
        }
      } catch (IOException | RuntimeException e) {
        error = e;
        if (connection != null) {
          connection.close();
          connection = null;
        }
      }
      post.callback().done(status, error);
    }
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
  }

  /** One keep-alive connection. */
  private final class Connection {
    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;
    private boolean keepAlive = true;

    Connection() throws IOException {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(timeoutMillis);
      out = new BufferedOutputStream(socket.getOutputStream(), 8192);
      in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    int exchange(Post post) throws IOException {
      out.write(("POST " + post.path() + " HTTP/1.1\r\nHost: " + hostHeader
          + "\r\nContent-Type: application/json\r\nContent-Length: " + post.body().length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(post.body());
      out.flush();

      String statusLine = line();
      if (!statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP response: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      keepAlive = statusLine.startsWith("HTTP/1.1");
      long length = -1;
      boolean chunked = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> keepAlive = !value.equalsIgnoreCase("close") && keepAlive;
          default -> { }
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length >= 0) {
        skip(length);
      } else {
        // No length and not chunked: the body ends when the server closes the connection.
        in.transferTo(OutputStream.nullOutputStream());
        keepAlive = false;
      }
      return status;
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("the server closed the connection");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    private void skip(long bytes) throws IOException {
      long left = bytes;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("the server closed the connection inside a body");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a connection that already failed
      }
    }
  }
}
