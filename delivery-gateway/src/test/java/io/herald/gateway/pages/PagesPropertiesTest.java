package io.herald.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PagesPropertiesTest {

  @Test
  void theIngestUrlMustBeAnAbsoluteHttpUrlAndItsOriginGoesToTheCsp() {
    assertThat(new PagesProperties("http://127.0.0.1:41234/").ingestUrl()).isEqualTo("http://127.0.0.1:41234");
    assertThat(new PagesProperties("http://127.0.0.1:41234/").ingestOrigin()).isEqualTo("http://127.0.0.1:41234");
    assertThat(new PagesProperties("https://api.example.test/herald").ingestOrigin()).isEqualTo("https://api.example.test");
    for (String bad : new String[] {"javascript:alert(1)", "/relative", "ftp://host/", "http:///nohost"}) {
      assertThatThrownBy(() -> new PagesProperties(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("herald.gateway.pages.ingest-url");
    }
  }
}
