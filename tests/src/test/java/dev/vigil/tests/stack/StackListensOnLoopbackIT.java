package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.ListeningSockets;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every server the stack starts listens on loopback only: the listening sockets of each process with a PID file
 * under {@code work/run} (and of its child processes: Spark's drivers and executors, YARN's containers) are read
 * from {@code /proc}, and any address other than 127.0.0.0/8 or ::1 fails the test, naming the process and port.
 */
class StackListensOnLoopbackIT {

  @Test
  void everyListeningSocketOfTheStackIsOnLoopback() throws Exception {
    TreeMap<String, List<Long>> pidsByServer = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(StackControl.work().resolve("run"), "*.pid")) {
      for (Path file : files) {
        String server = file.getFileName().toString().replace(".pid", "");
        long pid = Long.parseLong(Files.readString(file).strip());
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
          List<Long> pids = new ArrayList<>(List.of(pid));
          p.descendants().forEach(d -> pids.add(d.pid()));
          pidsByServer.put(server, pids);
        });
      }
    }
    List<ListeningSockets.Socket> all = new ArrayList<>();
    List<String> exposed = new ArrayList<>();
    TreeSet<Integer> ports = new TreeSet<>();
    for (var entry : pidsByServer.entrySet()) {
      for (ListeningSockets.Socket s : ListeningSockets.of(entry.getValue())) {
        all.add(s);
        ports.add(s.port());
        if (!s.loopback()) {
          exposed.add(entry.getKey() + ": " + s);
        }
      }
    }
    System.out.println("[loopback] " + pidsByServer.size() + " servers " + pidsByServer.keySet() + ", "
        + all.size() + " listening sockets on ports " + ports + "; not on loopback: " + exposed.size());

    assertThat(pidsByServer).as("stack servers running: " + LocalStack.hint("the stack")).containsKey("kafka");
    assertThat(ports).as("the sockets found include Kafka's, so the /proc reading works")
        .contains(LocalStack.port("KAFKA"));
    assertThat(exposed).as("sockets that listen beyond this machine (bind them to 127.0.0.1)").isEmpty();
  }

  /** The check can fail: a socket this JVM opens on the wildcard address is seen, and seen as exposed. */
  @Test
  void aWildcardSocketIsSeenAsExposed() throws Exception {
    try (ServerSocket wildcard = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
        ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<ListeningSockets.Socket> mine = ListeningSockets.of(List.of(ProcessHandle.current().pid()));
      assertThat(mine).filteredOn(s -> s.port() == wildcard.getLocalPort()).singleElement()
          .satisfies(s -> assertThat(s.loopback()).as(s.toString()).isFalse());
      assertThat(mine).filteredOn(s -> s.port() == loopback.getLocalPort()).singleElement()
          .satisfies(s -> assertThat(s.loopback()).as(s.toString()).isTrue());
    }
  }
}
