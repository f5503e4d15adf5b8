package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.mail.MailedAlarmIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;

/** The mail branch's per-sensor state: format version 2 (the first with this cell), then the ids, oldest first. */
public final class MailedAlarmIdsCoder extends AtomicCoder<MailedAlarmIds> {
  private static final long serialVersionUID = 1L;
  private static final MailedAlarmIdsCoder INSTANCE = new MailedAlarmIdsCoder();
  static final int FORMAT = 2;

  public static MailedAlarmIdsCoder of() {
    return INSTANCE;
  }

  private MailedAlarmIdsCoder() {}

  @Override
  public void encode(MailedAlarmIds mailed, OutputStream out) throws IOException {
    FormatVersion.write(FORMAT, out);
    BinaryEncoding.writeInt(mailed.ids().size(), out);
    for (String id : mailed.ids()) {
      BinaryEncoding.writeString(id, out);
    }
  }

  @Override
  public MailedAlarmIds decode(InputStream stream) throws IOException {
    FormatVersion.Read format = FormatVersion.read(stream, "MailedAlarmIds state", FORMAT);
    if (format.version() != FORMAT) {
      throw new IOException("MailedAlarmIds state has no format " + format.version());
    }
    InputStream in = format.in();
    int size = BinaryEncoding.readInt(in);
    List<String> ids = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      ids.add(BinaryEncoding.readString(in));
    }
    return new MailedAlarmIds(ids);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
