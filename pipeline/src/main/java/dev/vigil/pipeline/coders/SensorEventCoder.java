package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** One tag byte (0 reading, 1 recovery), the event, then its log position. In flight only, never in state. */
public final class SensorEventCoder extends AtomicCoder<SensorEvent> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = 9207161042655675106L;
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
    BinaryEncoding.writeString(event.position(), out);
  }

  @Override
  public SensorEvent decode(InputStream in) throws IOException {
    boolean reading = BinaryEncoding.readByte(in) == 0;
    Reading r = reading ? ReadingCoder.of().decode(in) : null;
    Recovery recovery = reading ? null : RecoveryCoder.of().decode(in);
    return new SensorEvent(r, recovery, BinaryEncoding.readString(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
