package dev.vigil.pipeline.customers;

import dev.vigil.wire.Customer;
import java.util.List;

/** One row of the customer table: the customer and the ids of the sensors they own (one or more). */
public record CustomerRow(Customer customer, List<String> sensorIds) {
  public CustomerRow {
    sensorIds = List.copyOf(sensorIds);
  }
}
