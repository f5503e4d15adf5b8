package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BodyFormatTest {

  @Test
  void jsonWithOrWithoutUtf8Charset() throws Exception {
    assertThat(BodyFormat.of("application/json", true)).isEqualTo(BodyFormat.JSON);
    assertThat(BodyFormat.of("Application/JSON; charset=UTF-8", true)).isEqualTo(BodyFormat.JSON);
    assertThat(BodyFormat.of("application/json;charset=\"utf-8\"", false)).isEqualTo(BodyFormat.JSON);
    assertThat(BodyFormat.of("application/json; boundary=x", false)).isEqualTo(BodyFormat.JSON);
  }

  @Test
  void positionalOnlyWhereAllowed() throws Exception {
    assertThat(BodyFormat.of("application/x-vigil-positional", true)).isEqualTo(BodyFormat.POSITIONAL);
    assertThatThrownBy(() -> BodyFormat.of("application/x-vigil-positional", false))
        .isInstanceOf(BodyFormat.UnsupportedException.class)
        .hasMessageContaining("send application/json");
  }

  @Test
  void everythingElseIsUnsupported() {
    assertThatThrownBy(() -> BodyFormat.of(null, true)).hasMessageStartingWith("missing");
    assertThatThrownBy(() -> BodyFormat.of(" ", true)).hasMessageStartingWith("missing");
    assertThatThrownBy(() -> BodyFormat.of("text/plain", true)).hasMessageContaining("'text/plain'");
    assertThatThrownBy(() -> BodyFormat.of("application/jsonx", true)).isInstanceOf(BodyFormat.UnsupportedException.class);
    assertThatThrownBy(() -> BodyFormat.of("application/json; charset=ISO-8859-1", true))
        .hasMessageContaining("charset 'ISO-8859-1'");
  }
}
