package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.rules.SensorEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** One tag byte (0 reading, 1 recovery), then the event. */
public final class SensorEventCoder extends AtomicCoder<SensorEvent> {
  private static final SensorEventCoder INSTANCE = new SensorEventCoder();

  public static SensorEventCoder of() {
    return INSTANCE;
  }

  private SensorEventCoder() {}

  @Override
  public void encode(SensorEvent event, OutputStream out) throws IOException {
    if (event.isReading()) {
      out.write(0);
      ReadingCoder.of().encode(event.reading(), out);
    } else {
      out.write(1);
      RecoveryCoder.of().encode(event.recovery(), out);
    }
  }

  @Override
  public SensorEvent decode(InputStream in) throws IOException {
    return Wire.readByte(in) == 0
        ? SensorEvent.of(ReadingCoder.of().decode(in))
        : SensorEvent.of(RecoveryCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
