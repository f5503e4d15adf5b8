package dev.vigil.pipeline;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stand-in sink that logs (every element, or one in {@code every}) until a real sink is plugged in. */
public final class LogSink<T> extends PTransform<PCollection<T>, PDone> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

  private final String label;
  private final long every;

  private LogSink(String label, long every) {
    this.label = label;
    this.every = every;
  }

  public static <T> LogSink<T> of(String label) {
    return new LogSink<>(label, 1);
  }

  public static <T> LogSink<T> sampled(String label, long every) {
    return new LogSink<>(label, every);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    input.apply("Log", ParDo.of(new LogFn<T>(label, every)));
    return PDone.in(input.getPipeline());
  }

  static final class LogFn<T> extends DoFn<T, Void> {
    private static final long serialVersionUID = 1L;
    private final String label;
    private final long every;
    private transient long seen;

    LogFn(String label, long every) {
      this.label = label;
      this.every = every;
    }

    @ProcessElement
    public void processElement(@Element T element) {
      if (seen++ % every == 0) {
        LOG.info("{}: {}", label, element);
      }
    }
  }
}
