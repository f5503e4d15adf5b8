package dev.vigil.gateway;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.vigil.gateway.GatewayMetrics.Outcome;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Answers 408 and closes a connection whose request head (request line and headers) is still arriving after the
 * read timeout: the slowloris defence Jetty lacks. Jetty's idle timeout restarts with every byte, so a client that
 * sends one byte every few seconds would otherwise hold its connection (and one of {@code maxConnections}) forever.
 *
 * <p>Each connection is looked at once per {@code deadlineMs}; a head seen in progress at two looks in a row, with
 * no request completed between them, is cut. So a head gets at least {@code deadlineMs} and at most twice that. The
 * body has its own deadline ({@link BodyReader}).
 */
final class RequestHeadDeadline implements Connection.Listener {
  private final Scheduler scheduler;
  private final long deadlineMs;
  private final GatewayMetrics metrics;

  RequestHeadDeadline(Scheduler scheduler, long deadlineMs, GatewayMetrics metrics) {
    this.scheduler = scheduler;
    this.deadlineMs = deadlineMs;
    this.metrics = metrics;
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      schedule(new Look(http));
    }
  }

  private void schedule(Look look) {
    scheduler.schedule(look, deadlineMs, TimeUnit.MILLISECONDS);
  }

  /** One connection's looks; reschedules itself until the connection closes. */
  private final class Look implements Runnable {
    private final HttpConnection connection;
    private long requestsAtLastLook = -1;
    private boolean headAtLastLook;

    Look(HttpConnection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      EndPoint endPoint = connection.getEndPoint();
      if (!endPoint.isOpen()) {
        return;
      }
      HttpParser parser = connection.getParser();
      // START is a connection between requests (the idle timeout's business); HEADER and before is a head arriving.
      boolean head = parser.inHeaderState() && !parser.isStart();
      long requests = connection.getMessagesIn();
      if (head && headAtLastLook && requests == requestsAtLastLook) {
        metrics.request(Outcome.TIMEOUT);
        byte[] body = Answers.error(408, "request_timeout", "request",
            "the request head did not arrive within " + deadlineMs + " ms");
        byte[] status = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + Answers.JSON
            + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(US_ASCII);
        endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(status),
            ByteBuffer.wrap(body));
        return;
      }
      headAtLastLook = head;
      requestsAtLastLook = requests;
      schedule(this);
    }
  }
}
