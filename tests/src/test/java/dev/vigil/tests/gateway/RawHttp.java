package dev.vigil.tests.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange over a plain socket, so that a test can send what no HTTP client library would: broken
 * request lines, lying lengths, header floods and bodies that arrive a byte at a time.
 */
final class RawHttp {
  /** How the request's bytes are written. */
  enum Pacing {
    /** All at once. */
    AT_ONCE,
    /** The head at once, then the body a byte at a time, until the server answers. */
    SLOW_BODY,
    /** A byte at a time from the first, until the server answers. */
    SLOW_ALL
  }

  /**
   * What came back: {@code status} is -1 when no status line arrived (then {@code problem} says what happened);
   * {@code closed} is true when the server closed the connection after its answer.
   */
  record Answer(int status, String body, boolean closed, String problem) {}

  private static final int ANSWER_TIMEOUT_MS = 15_000;
  private static final int MAX_KEPT_BODY = 400;

  private RawHttp() {}

  static Answer exchange(int port, byte[] request, int headLength, Pacing pacing, long byteIntervalMs) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(ANSWER_TIMEOUT_MS);
      InputStream in = socket.getInputStream();
      String writeProblem = write(socket.getOutputStream(), in, request, headLength, pacing, byteIntervalMs);
      Answer answer = read(in);
      if (answer.status() < 0 && writeProblem != null) {
        return new Answer(-1, "", true, answer.problem() + " (writing: " + writeProblem + ")");
      }
      return answer;
    } catch (IOException e) {
      return new Answer(-1, "", true, "could not connect: " + e);
    }
  }

  /** Writes the request; stops early (and says why) when the server answered or closed before it was all sent. */
  private static String write(OutputStream out, InputStream in, byte[] request, int headLength, Pacing pacing,
      long byteIntervalMs) {
    try {
      int slowFrom = switch (pacing) {
        case AT_ONCE -> request.length;
        case SLOW_BODY -> headLength;
        case SLOW_ALL -> 0;
      };
      out.write(request, 0, slowFrom);
      out.flush();
      for (int i = slowFrom; i < request.length; i++) {
        if (in.available() > 0) {
          return "the server answered before the request was complete";
        }
        out.write(request[i]);
        out.flush();
        Thread.sleep(byteIntervalMs);
      }
      return null;
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static Answer read(InputStream in) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        if (endsWithBlankLine(head)) {
          break;
        }
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.") || text.length() < 12) {
        return new Answer(-1, "", true, text.isEmpty() ? "closed without an answer" : "not an HTTP answer: " + text);
      }
      int status = Integer.parseInt(text.substring(9, 12));
      int length = contentLength(text);
      byte[] body = length >= 0 ? in.readNBytes(length) : new byte[0];
      boolean closed;
      try {
        closed = in.read() < 0;
      } catch (IOException e) {
        closed = true;
      }
      String kept = new String(body, 0, Math.min(body.length, MAX_KEPT_BODY), StandardCharsets.UTF_8);
      return new Answer(status, kept, closed, null);
    } catch (SocketTimeoutException e) {
      return new Answer(-1, "", false, "no answer within " + ANSWER_TIMEOUT_MS + " ms");
    } catch (IOException | NumberFormatException e) {
      return new Answer(-1, "", true, "unreadable answer: " + e);
    }
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] b = head.toByteArray();
    int n = b.length;
    return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Length")) {
        return Integer.parseInt(line.substring(colon + 1).strip());
      }
    }
    return -1;
  }
}
