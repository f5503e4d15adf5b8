package dev.vigil.runners;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The few calls of a Flink 1.19 JobManager's REST API (the address the web UI has too) that the runners make. */
public final class FlinkRest {
  private final String base;

  /** {@code address} is {@code host:port} or a URL. */
  public FlinkRest(String address) {
    String url = address.contains("://") ? address : "http://" + address;
    base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String webUi() {
    return base;
  }

  public String jobUi(String jobId) {
    return base + "/#/job/running/" + jobId + "/overview";
  }

  /** Every job the cluster knows: id → {name, state}. Fails with a hint when the cluster does not answer. */
  public Map<String, Job> jobs() throws IOException, InterruptedException {
    JsonNode overview = call("GET", "/jobs/overview", null);
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (JsonNode job : overview.path("jobs")) {
      jobs.put(job.path("jid").asText(), new Job(job.path("jid").asText(), job.path("name").asText(),
          job.path("state").asText(), job.path("start-time").asLong()));
    }
    return jobs;
  }

  public record Job(String id, String name, String state, long startTime) {}

  public String state(String jobId) throws IOException, InterruptedException {
    return call("GET", "/jobs/" + jobId, null).path("state").asText();
  }

  /** A job's state and its vertices ({@code GET /jobs/:id}): the job graph as it runs, parallelism included. */
  public JobDetails details(String jobId) throws IOException, InterruptedException {
    JsonNode job = call("GET", "/jobs/" + jobId, null);
    List<Vertex> vertices = new ArrayList<>();
    for (JsonNode vertex : job.path("vertices")) {
      vertices.add(new Vertex(vertex.path("id").asText(), vertex.path("name").asText(),
          vertex.path("parallelism").asInt(), vertex.path("status").asText()));
    }
    return new JobDetails(jobId, job.path("state").asText(), vertices);
  }

  public record Vertex(String id, String name, int parallelism, String status) {}

  public record JobDetails(String id, String state, List<Vertex> vertices) {
    /** The job runs and so does every one of its tasks (after a restart the job is RUNNING before its tasks are). */
    public boolean allRunning() {
      return "RUNNING".equals(state) && !vertices.isEmpty()
          && vertices.stream().allMatch(v -> "RUNNING".equals(v.status()));
    }

    /** The highest parallelism of its vertices (the job's, unless every vertex was set lower). */
    public int parallelism() {
      return vertices.stream().mapToInt(Vertex::parallelism).max().orElse(0);
    }
  }

  /** The resource ids of the TaskManagers that run tasks of the job ({@code /jobs/:id/vertices/:vid/taskmanagers}). */
  public Set<String> taskManagers(String jobId) throws IOException, InterruptedException {
    Set<String> ids = new TreeSet<>();
    for (Vertex vertex : details(jobId).vertices()) {
      for (JsonNode tm : call("GET", "/jobs/" + jobId + "/vertices/" + vertex.id() + "/taskmanagers", null)
          .path("taskmanagers")) {
        ids.add(tm.path("taskmanager-id").asText());
      }
    }
    return ids;
  }

  /** The resource ids of the TaskManagers registered with the JobManager ({@code GET /taskmanagers}). */
  public Set<String> registeredTaskManagers() throws IOException, InterruptedException {
    Set<String> ids = new TreeSet<>();
    for (JsonNode tm : call("GET", "/taskmanagers", null).path("taskmanagers")) {
      ids.add(tm.path("id").asText());
    }
    return ids;
  }

  /** A TaskManager's metrics by name ({@code Status.JVM.Memory.Metaspace.Used}, ...); unknown names are left out. */
  public Map<String, Long> taskManagerMetrics(String taskManager, String... names)
      throws IOException, InterruptedException {
    Map<String, Long> values = new LinkedHashMap<>();
    for (JsonNode metric : call("GET", "/taskmanagers/" + taskManager + "/metrics?get=" + String.join(",", names),
        null)) {
      values.put(metric.path("id").asText(), metric.path("value").asLong());
    }
    return values;
  }

  /** One line of the cluster's overview: TaskManagers, slots in all and free, jobs running. */
  public String overview() throws IOException, InterruptedException {
    JsonNode overview = call("GET", "/overview", null);
    return overview.path("taskmanagers").asInt() + " TaskManagers, " + overview.path("slots-available").asInt()
        + " of " + overview.path("slots-total").asInt() + " slots free, " + overview.path("jobs-running").asInt()
        + " jobs running";
  }

  /** The first lines of the job's latest failure ({@code /jobs/:id/exceptions}), or "none". */
  public String latestFailure(String jobId, int lines) throws IOException, InterruptedException {
    String trace = call("GET", "/jobs/" + jobId + "/exceptions?maxExceptions=1", null).path("root-exception").asText();
    return trace.isEmpty() ? "none" : trace.lines().limit(lines).reduce((a, b) -> a + "\n" + b).orElse(trace);
  }

  /**
   * How many times the job failed over: the failures in its exception history ({@code /jobs/:id/exceptions}), each of
   * which restarted it from its last checkpoint while the restart strategy allowed. Not the {@code numRestarts}
   * metric: it read 0 here for a job that had restarted 4 times after a TaskManager was killed.
   */
  public long restarts(String jobId) throws IOException, InterruptedException {
    return call("GET", "/jobs/" + jobId + "/exceptions?maxExceptions=100", null).path("exceptionHistory")
        .path("entries").size();
  }

  /** The job's completed checkpoints so far ({@code /jobs/:id/checkpoints}). */
  public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
    return call("GET", "/jobs/" + jobId + "/checkpoints", null).path("counts").path("completed").asLong();
  }

  /**
   * Stop with a savepoint ({@code POST /jobs/:id/stop}): the sources stop, a savepoint is taken in {@code directory},
   * then the job finishes. Polls the operation until {@code timeout}; returns the savepoint's location.
   *
   * <p>A savepoint that could not be triggered because a task was not running yet (a job just deployed or rescaled:
   * "TaskManager received a checkpoint request for unknown task", "Task local checkpoint failure") leaves the job
   * running, so it is tried again, up to 3 times 5 s apart; any other failure ends it at once.
   */
  public String stopWithSavepoint(String jobId, String directory, Duration timeout)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return stopWithSavepointOnce(jobId, directory, timeout);
      } catch (IOException e) {
        boolean taskNotRunningYet = e.getMessage() != null && (e.getMessage().contains("Task local checkpoint failure")
            || e.getMessage().contains("is not being executed at the moment"));
        if (!taskNotRunningYet || attempt >= 3 || !"RUNNING".equals(state(jobId))) {
          throw e;
        }
        System.out.printf("flink: the savepoint of job %s found a task not running yet (attempt %d); trying again in"
            + " 5 s%n", jobId, attempt);
        Thread.sleep(5_000);
      }
    }
  }

  private String stopWithSavepointOnce(String jobId, String directory, Duration timeout)
      throws IOException, InterruptedException {
    String body = JsonHttp.JSON.writeValueAsString(Map.of("targetDirectory", directory, "drain", false));
    String trigger = call("POST", "/jobs/" + jobId + "/stop", body).path("request-id").asText();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode status = call("GET", "/jobs/" + jobId + "/savepoints/" + trigger, null);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IOException("the savepoint of job " + jobId + " failed: "
              + operation.path("failure-cause").path("stack-trace").asText().lines().limit(12)
                  .reduce((a, b) -> a + "\n" + b).orElse(operation.toString()));
        }
        return operation.path("location").asText();
      }
      Thread.sleep(500);
    }
    throw new IOException("the savepoint of job " + jobId + " was not complete after " + timeout.toSeconds() + " s");
  }

  /** Cancels the job ({@code PATCH /jobs/:id?mode=cancel}). */
  public void cancel(String jobId) throws IOException, InterruptedException {
    call("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
  }

  /** Waits until the job is in a terminal state; returns it. */
  public String awaitTerminal(String jobId, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String state = state(jobId);
    while (!isTerminal(state) && Instant.now().isBefore(deadline)) {
      Thread.sleep(300);
      state = state(jobId);
    }
    return state;
  }

  public static boolean isTerminal(String state) {
    return switch (state) {
      case "FINISHED", "CANCELED", "FAILED" -> true;
      default -> false;
    };
  }

  private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
    try {
      return JsonHttp.call(method, base + path, body, Duration.ofSeconds(30));
    } catch (JsonHttp.StatusException answered) {
      throw answered;
    } catch (IOException e) {
      throw new IOException("the Flink cluster at " + base + " does not answer (" + e + "); for the local stack's"
          + " cluster: bin/vigil stack up flink", e);
    }
  }

}
