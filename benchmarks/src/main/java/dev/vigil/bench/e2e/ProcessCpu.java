package dev.vigil.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/** CPU seconds a process (all its threads) has used so far, from Linux's /proc/PID/stat (utime + stime). */
public final class ProcessCpu {
  /** USER_HZ: the unit of /proc's times. 100 on every Linux this runs on (getconf CLK_TCK). */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** Empty once the process is gone. */
  public static OptionalDouble seconds(long pid) {
    try {
      return OptionalDouble.of(fromStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
          StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * utime + stime of a /proc/PID/stat line, in seconds. Fields are counted after the command's closing parenthesis,
   * since the command itself may hold spaces: state is field 3, utime 14, stime 15.
   */
  static double fromStat(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
