package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's transport against a real HTTP server (the JDK's) and a server that hangs up. */
class KeepAliveClientTest {
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final AtomicInteger handled = new AtomicInteger();

  /** Answers 202 with a Content-Length, or 200 chunked, or 202 and "Connection: close", by request number. */
  private URI start(boolean closeEveryTenth) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/readings", exchange -> {
      int n = handled.incrementAndGet();
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      clientPorts.add(exchange.getRemoteAddress().getPort());
      byte[] answer = ("{\"accepted\":" + n + "}").getBytes(StandardCharsets.UTF_8);
      if (closeEveryTenth && n % 10 == 0) {
        exchange.getResponseHeaders().add("Connection", "close");
      }
      boolean chunked = n % 2 == 0;
      exchange.sendResponseHeaders(chunked ? 200 : 202, chunked ? 0 : answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static List<Integer> postAll(KeepAliveClient client, int count) throws InterruptedException {
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      client.post("/v1/readings", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), (status, error) -> {
        statuses.add(status);
        done.countDown();
      });
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    return statuses;
  }

  @Test
  void postsOverKeptAliveConnectionsAndReadsLengthAndChunkedAnswers() throws Exception {
    URI target = start(false);
    try (KeepAliveClient client = new KeepAliveClient(target, 2, Duration.ofSeconds(5))) {
      List<Integer> statuses = postAll(client, 100);
      assertThat(statuses).hasSize(100).containsOnly(200, 202);
      assertThat(statuses.stream().filter(s -> s == 200)).hasSize(50);
    }
    assertThat(bodies).hasSize(100).contains("{\"n\":0}", "{\"n\":99}");
    assertThat(clientPorts).as("connections opened for 100 requests").hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void opensANewConnectionWhenTheServerSaysClose() throws Exception {
    URI target = start(true);
    try (KeepAliveClient client = new KeepAliveClient(target, 1, Duration.ofSeconds(5))) {
      assertThat(postAll(client, 30)).hasSize(30).doesNotContain(-1);
    }
    assertThat(clientPorts).hasSize(3);
  }

  @Test
  void aServerThatHangsUpIsNoAnswerWithTheReason() throws Exception {
    try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread hangUp = new Thread(() -> {
        while (!rude.isClosed()) {
          try (Socket socket = rude.accept()) {
            socket.getInputStream().read();
          } catch (IOException e) {
            return;
          }
        }
      });
      hangUp.setDaemon(true);
      hangUp.start();
      List<Exception> errors = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      try (KeepAliveClient client = new KeepAliveClient(URI.create("http://127.0.0.1:" + rude.getLocalPort()), 1,
          Duration.ofSeconds(5))) {
        client.post("/v1/readings", new byte[] {'{', '}'}, (status, error) -> {
          assertThat(status).isEqualTo(-1);
          errors.add(error);
          done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(errors.get(0)).hasMessageContaining("closed the connection");
    }
  }

  @Test
  void refusesHttps() {
    assertThatThrownBy(() -> new KeepAliveClient(URI.create("https://127.0.0.1:8443"), 1, Duration.ofSeconds(1)))
        .hasMessageContaining("plain HTTP only");
  }
}
