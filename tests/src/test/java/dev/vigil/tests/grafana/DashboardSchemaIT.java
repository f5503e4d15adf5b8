package dev.vigil.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.tests.support.StackControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard under {@code grafana/dashboards} type-checks against Grafana's published schema (npm
 * {@code @grafana/schema}, pinned in {@code grafana/typecheck/package.json}, installed by {@code bin/vigil stack install}
 * as every test run does): {@code tsc --strict} on the dashboards written out as TypeScript
 * ({@link DashboardTypeScript}). A canary panel with a misspelt option and a wrong enum value must fail the same
 * check, so a check that accepts anything would fail this test.
 */
class DashboardSchemaIT {
  private static final Path TYPECHECK = StackControl.home().resolve("grafana/typecheck");
  private static final Pattern ERROR = Pattern.compile("^(\\S+\\.ts)\\((\\d+),(\\d+)\\): error (TS\\d+: .*)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyDashboardTypeChecksAgainstGrafanasSchema() throws Exception {
    Path tsc = TYPECHECK.resolve("node_modules/.bin/tsc");
    assertThat(tsc).as("TypeScript, installed by 'bin/vigil stack install' (npm ci in " + TYPECHECK + ")")
        .isExecutable();
    Path build = TYPECHECK.resolve("build");
    Files.createDirectories(build);

    DashboardTypeScript dashboards = new DashboardTypeScript();
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(StackControl.home().resolve("grafana/dashboards"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        names.add(file.getFileName().toString());
        dashboards.add(file.getFileName().toString(), JSON.readTree(file.toFile()));
      }
    }
    Files.writeString(build.resolve("dashboards.ts"), dashboards.source());

    // The canary: two copies of a time series panel, one with an option Grafana does not have, one with a legend
    // placement it does not know.
    JsonNode platform = JSON.readTree(StackControl.home().resolve("grafana/dashboards/platform-health.json").toFile());
    ObjectNode timeSeries = (ObjectNode) GrafanaDashboards.panels(platform).stream()
        .filter(p -> p.path("type").asText().equals("timeseries")).findFirst().orElseThrow();
    ObjectNode unknownOption = timeSeries.deepCopy();
    ((ObjectNode) unknownOption.path("options")).put("legendPosition", "left");
    ObjectNode wrongEnum = timeSeries.deepCopy();
    ((ObjectNode) wrongEnum.path("options").path("legend")).put("placement", "sideways");
    ObjectNode canaryDashboard = platform.deepCopy();
    canaryDashboard.putArray("panels").add(unknownOption).add(wrongEnum);
    DashboardTypeScript canary = new DashboardTypeScript().add("canary", canaryDashboard);
    Files.writeString(build.resolve("canary.ts"), canary.source());
    Files.writeString(build.resolve("tsconfig.json"), "{\"compilerOptions\": {\"strict\": true, \"noEmit\": true,"
        + " \"module\": \"esnext\", \"moduleResolution\": \"bundler\", \"target\": \"es2022\", \"skipLibCheck\": true},"
        + " \"files\": [\"dashboards.ts\", \"canary.ts\"]}");

    Process run = new ProcessBuilder(tsc.toString(), "-p", build.toString(), "--pretty", "false")
        .redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("tsc finished").isTrue();

    List<String> inDashboards = new ArrayList<>();
    List<String> inCanary = new ArrayList<>();
    for (String line : output.split("\n")) {
      Matcher error = ERROR.matcher(line.strip());
      if (!error.matches()) {
        continue;
      }
      boolean isCanary = error.group(1).endsWith("canary.ts");
      DashboardTypeScript.Line where = (isCanary ? canary : dashboards).at(Integer.parseInt(error.group(2)));
      String message = (where == null ? error.group(1) + " line " + error.group(2) : where.dashboard() + ", "
          + where.what()) + ": " + error.group(4);
      (isCanary ? inCanary : inDashboards).add(message);
    }
    System.out.printf("DashboardSchemaIT: %d dashboards %s type-checked against @grafana/schema; errors %d; the"
        + " canary's %d: %s%n", names.size(), names, inDashboards.size(), inCanary.size(), inCanary);
    assertThat(inDashboards).as("type errors in the dashboards (tsc said:%n%s)", output).isEmpty();
    assertThat(String.join("\n", inCanary)).as("the canary's errors: the check must catch both faults")
        .contains("legendPosition").contains("sideways");
    assertThat(run.exitValue()).as("tsc's exit code, with the canary's errors").isNotZero();
    assertThat(output).as("tsc's output beyond type errors").doesNotContain("error TS5", "Cannot find module");
  }
}
