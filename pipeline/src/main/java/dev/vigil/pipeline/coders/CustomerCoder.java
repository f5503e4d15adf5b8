package dev.vigil.pipeline.coders;

import dev.vigil.wire.Customer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Customer: the reference table's columns in declaration order; every text column may be null. Versioned
 * ({@link FormatVersion}), as customers sit in the side input's state: format 2 is the version byte and the columns;
 * format 1 (the first release, read only) is the columns alone, starting with the id's high byte, 0 for every id the
 * loader writes.
 */
public final class CustomerCoder extends AtomicCoder<Customer> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = -7774237657933457575L;
  private static final CustomerCoder INSTANCE = new CustomerCoder();

  public static CustomerCoder of() {
    return INSTANCE;
  }

  static final int FORMAT = 2;

  private CustomerCoder() {}

  @Override
  public void encode(Customer c, OutputStream out) throws IOException {
    FormatVersion.write(FORMAT, out);
    BinaryEncoding.writeLong(c.id(), out);
    for (String text : new String[] {c.name(), c.surname(), c.gender(), c.nationalId(), c.birthday(),
        c.streetAddress(), c.city(), c.zipCode(), c.country(), c.telephoneCountryCode(), c.telephoneNumber()}) {
      BinaryEncoding.writeNullableString(text, out);
    }
    BinaryEncoding.writeDouble(c.latitude(), out);
    BinaryEncoding.writeDouble(c.longitude(), out);
    for (String text : new String[] {c.email(), c.title(), c.occupation(), c.company(), c.username(), c.geohash(),
        c.zone()}) {
      BinaryEncoding.writeNullableString(text, out);
    }
  }

  @Override
  public Customer decode(InputStream stream) throws IOException {
    InputStream in = FormatVersion.read(stream, "Customer", FORMAT).in(); // formats 1 and 2 differ only in the version byte
    long id = BinaryEncoding.readLong(in);
    String[] before = new String[11];
    for (int i = 0; i < before.length; i++) {
      before[i] = BinaryEncoding.readNullableString(in);
    }
    double latitude = BinaryEncoding.readDouble(in);
    double longitude = BinaryEncoding.readDouble(in);
    String[] after = new String[7];
    for (int i = 0; i < after.length; i++) {
      after[i] = BinaryEncoding.readNullableString(in);
    }
    return new Customer(id, before[0], before[1], before[2], before[3], before[4], before[5], before[6], before[7],
        before[8], before[9], before[10], latitude, longitude, after[0], after[1], after[2], after[3], after[4],
        after[5], after[6]);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
