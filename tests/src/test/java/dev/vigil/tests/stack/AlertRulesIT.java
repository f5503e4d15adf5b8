package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.StackControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules' unit tests, {@code prometheus/tests/alerts.test.yml}, run by Prometheus' own {@code promtool test
 * rules} (installed with the stack): for every rule, series that make it fire with its labels and annotations, and
 * series that must leave it quiet.
 */
class AlertRulesIT {

  @Test
  void everyAlertRuleFiresOnItsSeriesAndStaysQuietOnOthers() throws Exception {
    Path tests = StackControl.home().resolve("prometheus/tests/alerts.test.yml");
    Process promtool = new ProcessBuilder("promtool", "test", "rules", tests.toString())
        .redirectErrorStream(true).start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    System.out.println("AlertRulesIT: " + output.strip().replace('\n', ' '));
    assertThat(promtool.exitValue()).as("promtool test rules %s:%n%s", tests, output).isZero();
    assertThat(output).contains("SUCCESS");
  }
}
