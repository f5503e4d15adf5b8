package dev.vigil.tests.support;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes: for servers that take a moment to show a result. */
public final class Eventually {
  private Eventually() {}

  /** Calls {@code probe} until it returns a non-null value, and returns that value; fails after {@code timeout}. */
  public static <T> T get(Duration timeout, String what, Callable<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        T value = probe.call();
        if (value != null) {
          return value;
        }
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError error = new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}
