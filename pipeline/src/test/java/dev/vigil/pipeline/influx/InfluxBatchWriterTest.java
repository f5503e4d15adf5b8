package dev.vigil.pipeline.influx;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.junit.Assert;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The writer while InfluxDB does not answer (a port nothing listens on): flushing never blocks, what waits stays
 * within {@code bufferPoints} with the newest points kept, and closing does not wait for the retries.
 * ({@code InfluxOutageIT} shows the points of an outage arriving once the real server is back.)
 */
@RunWith(JUnit4.class)
public class InfluxBatchWriterTest {
  private static final InfluxConnection UNREACHABLE =
      new InfluxConnection("http://127.0.0.1:1", "vigil_test", "", "VIGIL_TEST_NO_PASSWORD", 5, 10);

  private static Point point(int i) {
    return Point.measurement("m").time(1_795_334_400_000L + i, TimeUnit.MILLISECONDS).addField("i", i).build();
  }

  @Test
  public void anOutageKeepsTheNewestPointsWithinTheBound() throws Exception {
    long start = System.nanoTime();
    try (InfluxBatchWriter writer = new InfluxBatchWriter(UNREACHABLE)) {
      for (int bundle = 0; bundle < 4; bundle++) {
        for (int i = 0; i < 25; i++) {
          writer.add(point(bundle * 25 + i));
        }
        writer.flush(); // hands over and returns: the writer thread is the one that waits for InfluxDB
      }
      List<String> waiting = writer.waitingPoints();
      Assert.assertTrue("waiting " + waiting.size() + " > the bound 10", waiting.size() <= 10);
      Assert.assertFalse("an outage of 100 points keeps some", waiting.isEmpty());
      Assert.assertTrue("the newest point is kept: " + waiting, waiting.get(waiting.size() - 1).contains("i=99i"));
      Assert.assertFalse("the oldest are the ones dropped: " + waiting,
          waiting.stream().anyMatch(line -> line.contains("i=50i")));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Assert.assertTrue("flushes and close took " + seconds + " s, as if they waited for the retries", seconds < 10);
  }
}
