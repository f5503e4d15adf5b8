package dev.vigil.wire;

import java.io.Serializable;

/**
 * The customer who owns a sensor: the reference schema {@code world.datosclientes}, plus the sensor's geohash and
 * dashboard zone.
 */
public record Customer(
    long id,
    String name,
    String surname,
    String gender,
    String nationalId,
    String birthday,
    String streetAddress,
    String city,
    String zipCode,
    String country,
    String telephoneCountryCode,
    String telephoneNumber,
    double latitude,
    double longitude,
    String email,
    String title,
    String occupation,
    String company,
    String username,
    String geohash,
    String zone) implements Serializable {}
