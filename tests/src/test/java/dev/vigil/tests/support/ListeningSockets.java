package dev.vigil.tests.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP sockets that processes listen on, read from Linux's {@code /proc}: {@code /proc/net/tcp} and {@code tcp6}
 * give each listening socket's address and inode, {@code /proc/<pid>/fd} tells whose it is.
 */
public final class ListeningSockets {
  private ListeningSockets() {}

  /** One listening socket: its address as text ({@code 127.0.0.1}, {@code ::1}, {@code 0.0.0.0}, ...) and port. */
  public record Socket(long pid, String command, String address, int port, boolean loopback) {
    @Override
    public String toString() {
      return (address.contains(":") ? "[" + address + "]" : address) + ":" + port + " (pid " + pid + ", " + command + ")";
    }
  }

  private record Listen(String address, int port, boolean loopback) {}

  private static final String LISTEN = "0A";

  /** The listening sockets of {@code pids}. */
  public static List<Socket> of(Iterable<Long> pids) throws IOException {
    Map<Long, Listen> byInode = new HashMap<>();
    read(Path.of("/proc/net/tcp"), byInode);
    read(Path.of("/proc/net/tcp6"), byInode);
    List<Socket> sockets = new ArrayList<>();
    for (long pid : pids) {
      String command = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("?");
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
        for (Path fd : fds) {
          String target;
          try {
            target = Files.readSymbolicLink(fd).toString();
          } catch (IOException e) {
            continue; // closed while we looked
          }
          if (target.startsWith("socket:[")) {
            Listen listen = byInode.get(Long.parseLong(target.substring(8, target.length() - 1)));
            if (listen != null) {
              sockets.add(new Socket(pid, command, listen.address(), listen.port(), listen.loopback()));
            }
          }
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // the process ended
      }
    }
    return sockets;
  }

  private static void read(Path table, Map<Long, Listen> byInode) throws IOException {
    if (!Files.exists(table)) {
      return;
    }
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[3].equals(LISTEN)) {
        continue;
      }
      String[] local = f[1].split(":");
      byInode.put(Long.parseLong(f[9]), address(local[0], Integer.parseInt(local[1], 16)));
    }
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
  static Listen address(String hex, int port) {
    byte[] b = new byte[hex.length() / 2];
    for (int word = 0; word < b.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
      }
    }
    try {
      // an IPv4-mapped IPv6 address (::ffff:127.0.0.1) comes back as the IPv4 address
      java.net.InetAddress a = java.net.InetAddress.getByAddress(b);
      return new Listen(a.getHostAddress(), port, a.isLoopbackAddress());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }
}
