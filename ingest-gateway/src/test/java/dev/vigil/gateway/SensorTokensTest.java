package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorTokensTest {

  @Test
  void parsesBothSeparatorsCommentsAndSharedTokens(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, """
        # sensor tokens
        42959=alpha-token

        42960 beta-token
          hub-1 = shared==
        hub-2=shared==
        """);
    SensorTokens tokens = SensorTokens.load(file);

    assertThat(tokens.size()).isEqualTo(4);
    assertThat(tokens.sensorsFor("Bearer alpha-token")).containsExactly("42959");
    assertThat(tokens.sensorsFor("bearer beta-token")).containsExactly("42960");
    assertThat(tokens.sensorsFor("Bearer shared==")).containsExactlyInAnyOrder("hub-1", "hub-2");
  }

  @Test
  void rejectsUnknownMissingAndNonBearerCredentials() throws Exception {
    SensorTokens tokens = SensorTokens.parse("42959=alpha-token", "test");

    assertThat(tokens.sensorsFor(null)).isNull();
    assertThat(tokens.sensorsFor("")).isNull();
    assertThat(tokens.sensorsFor("Bearer ")).isNull();
    assertThat(tokens.sensorsFor("Bearer alpha-tokenX")).isNull();
    assertThat(tokens.sensorsFor("Basic alpha-token")).isNull();
    assertThat(tokens.sensorsFor("alpha-token")).isNull();
  }

  @Test
  void commaSeparatedEntriesAsInTheEnvironmentVariable() throws Exception {
    SensorTokens tokens = SensorTokens.parse("a=t1, b=t2,c=t1", "VIGIL_GATEWAY_TOKENS");

    assertThat(tokens.size()).isEqualTo(3);
    assertThat(tokens.sensorsFor("Bearer t1")).containsExactlyInAnyOrder("a", "c");
    assertThat(SensorTokens.firstNotAllowed(tokens.sensorsFor("Bearer t1"), List.of("a", "c", "b"))).isEqualTo("b");
    assertThat(SensorTokens.firstNotAllowed(tokens.sensorsFor("Bearer t1"), List.of("c", "a"))).isNull();
  }

  @Test
  void reportsTheBadLine() {
    assertThatThrownBy(() -> SensorTokens.parse("a=t1\nonlyanid\n", "tokens.txt"))
        .isInstanceOf(SensorTokens.InvalidTokensException.class)
        .hasMessageContaining("tokens.txt: entry 2");
    assertThatThrownBy(() -> SensorTokens.parse("a=t1\nb=\n", "tokens.txt"))
        .hasMessageContaining("entry 2");
    assertThatThrownBy(() -> SensorTokens.parse("a=t1\n=t2\n", "tokens.txt"))
        .hasMessageContaining("entry 2");
    assertThatThrownBy(() -> SensorTokens.parse("a=t1 x", "tokens.txt"))
        .hasMessageContaining("entry 1");
  }

  @Test
  void rejectsDuplicatesAndEmptyFiles() {
    assertThatThrownBy(() -> SensorTokens.parse("a=t1\na=t2", "f"))
        .hasMessageContaining("lists sensor a again");
    assertThatThrownBy(() -> SensorTokens.parse("# nothing\n\n", "f"))
        .hasMessageContaining("no tokens");
  }
}
