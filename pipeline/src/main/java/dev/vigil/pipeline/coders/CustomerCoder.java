package dev.vigil.pipeline.coders;

import dev.vigil.wire.Customer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Customer: the reference table's columns in declaration order; every text column may be null. */
public final class CustomerCoder extends AtomicCoder<Customer> {
  private static final CustomerCoder INSTANCE = new CustomerCoder();

  public static CustomerCoder of() {
    return INSTANCE;
  }

  private CustomerCoder() {}

  @Override
  public void encode(Customer c, OutputStream out) throws IOException {
    Wire.writeLong(c.id(), out);
    for (String text : new String[] {c.name(), c.surname(), c.gender(), c.nationalId(), c.birthday(),
        c.streetAddress(), c.city(), c.zipCode(), c.country(), c.telephoneCountryCode(), c.telephoneNumber()}) {
      Wire.writeNullableString(text, out);
    }
    Wire.writeDouble(c.latitude(), out);
    Wire.writeDouble(c.longitude(), out);
    for (String text : new String[] {c.email(), c.title(), c.occupation(), c.company(), c.username(), c.geohash(),
        c.zone()}) {
      Wire.writeNullableString(text, out);
    }
  }

  @Override
  public Customer decode(InputStream in) throws IOException {
    long id = Wire.readLong(in);
    String[] before = new String[11];
    for (int i = 0; i < before.length; i++) {
      before[i] = Wire.readNullableString(in);
    }
    double latitude = Wire.readDouble(in);
    double longitude = Wire.readDouble(in);
    String[] after = new String[7];
    for (int i = 0; i < after.length; i++) {
      after[i] = Wire.readNullableString(in);
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
