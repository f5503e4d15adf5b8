package dev.vigil.pipeline.influx;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.influxdb.dto.Point;
import org.junit.Assert;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The writer against InfluxDB's write endpoint served here (points counted) and against a port nothing listens on
 * (an outage): flushing never blocks, closing writes what was handed over, what waits during an outage stays within
 * {@code bufferPoints} with the newest kept, and closing gives up after its grace. ({@code InfluxOutageIT} shows an
 * outage's points arriving once the real server is back.)
 */
@RunWith(JUnit4.class)
public class InfluxBatchWriterTest {
  private static final InfluxConnection UNREACHABLE =
      new InfluxConnection("http://127.0.0.1:1", "vigil_test", "", "VIGIL_TEST_NO_PASSWORD", 5, 10);

  private static Point point(int i) {
    return Point.measurement("m").time(1_795_334_400_000L + i, TimeUnit.MILLISECONDS).addField("i", i).build();
  }

  /** Spark tears a DoFn down right after its last bundle: the points handed over must still be written. */
  @Test
  public void closingRightAfterAFlushWritesWhatWasHandedOver() throws IOException {
    AtomicInteger lines = new AtomicInteger();
    HttpServer influx = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    influx.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (exchange.getRequestURI().getPath().equals("/write")) {
        lines.addAndGet((int) body.lines().filter(line -> !line.isBlank()).count());
        exchange.sendResponseHeaders(204, -1);
      } else {
        byte[] answer = "{\"results\":[{\"statement_id\":0}]}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
      }
      exchange.close();
    });
    influx.start();
    try {
      InfluxConnection served = new InfluxConnection("http://127.0.0.1:" + influx.getAddress().getPort(),
          "vigil_test", "", "VIGIL_TEST_NO_PASSWORD", 7, 1000);
      try (InfluxBatchWriter writer = new InfluxBatchWriter(served)) {
        for (int i = 0; i < 30; i++) {
          writer.add(point(i));
        }
        writer.flush();
      }
      Assert.assertEquals("points written by the time close() returned", 30, lines.get());
    } finally {
      influx.stop(0);
    }
  }

  @Test
  public void anOutageKeepsTheNewestPointsWithinTheBound() {
    long start = System.nanoTime();
    try (InfluxBatchWriter writer = new InfluxBatchWriter(UNREACHABLE, Duration.ofSeconds(1))) {
      for (int bundle = 0; bundle < 4; bundle++) {
        for (int i = 0; i < 25; i++) {
          writer.add(point(bundle * 25 + i));
        }
        writer.flush(); // hands over and returns: the writer thread is the one that waits for InfluxDB
      }
      double flushing = (System.nanoTime() - start) / 1e9;
      Assert.assertTrue("4 flushes took " + flushing + " s, as if they waited for InfluxDB", flushing < 2);
      List<String> waiting = writer.waitingPoints();
      Assert.assertTrue("waiting " + waiting.size() + " > the bound 10", waiting.size() <= 10);
      Assert.assertFalse("an outage of 100 points keeps some", waiting.isEmpty());
      Assert.assertTrue("the newest point is kept: " + waiting, waiting.get(waiting.size() - 1).contains("i=99i"));
      Assert.assertFalse("the oldest are the ones dropped: " + waiting,
          waiting.stream().anyMatch(line -> line.contains("i=50i")));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Assert.assertTrue("close waited " + seconds + " s: its grace is 1 s", seconds >= 1 && seconds < 6);
  }
}
