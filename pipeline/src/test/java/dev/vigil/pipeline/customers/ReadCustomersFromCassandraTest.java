package dev.vigil.pipeline.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.apache.beam.sdk.io.cassandra.RingRange;
import org.junit.jupiter.api.Test;

class ReadCustomersFromCassandraTest {
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

  @Test
  void slicesCoverTheWholeRingOnceAndTheLastWrapsToIncludeTheMaximumToken() {
    for (int n : new int[] {1, 3, 4, 16}) {
      List<RingRange> slices = ReadCustomersFromCassandra.ringSlices(n);
      assertThat(slices).hasSize(n);
      assertThat(slices.get(0).getStart()).isEqualTo(MIN);
      for (int i = 1; i < n; i++) {
        assertThat(slices.get(i).getStart()).isEqualTo(slices.get(i - 1).getEnd());
        assertThat(slices.get(i - 1).isWrapping()).isFalse();
      }
      RingRange last = slices.get(n - 1);
      assertThat(last.getEnd()).isEqualTo(MIN);
      assertThat(last.isWrapping()).as("read as token >= start, which includes 2^63-1").isTrue();
    }
  }
}
