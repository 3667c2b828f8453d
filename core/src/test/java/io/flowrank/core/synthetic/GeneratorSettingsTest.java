package io.flowrank.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratorSettingsTest {

  @Test
  void defaultsAreTheNotebookSizedSample() {
    GeneratorSettings settings = GeneratorSettings.defaults();

    assertThat(settings).isEqualTo(new GeneratorSettings(50, 10_000, 42, 0.001, 5_000));
    assertThat(settings.totalRows()).isEqualTo(500_000);
  }

  @Test
  void withersChangeOneSettingEach() {
    GeneratorSettings settings =
        GeneratorSettings.defaults()
            .withFiles(3)
            .withRowsPerFile(7)
            .withSeed(-1)
            .withCorruptRate(0.5)
            .withWebDevices(1_000_000);

    assertThat(settings).isEqualTo(new GeneratorSettings(3, 7, -1, 0.5, 1_000_000));
  }

  @Test
  void totalRowsDoesNotOverflow() {
    GeneratorSettings settings = new GeneratorSettings(100_000, 200_000, 1, 0, 5_000);

    assertThat(settings.totalRows()).isEqualTo(20_000_000_000L);
  }

  @Test
  void acceptsTheBoundaries() {
    assertThat(new GeneratorSettings(1, 1, 0, 0, GeneratorSettings.MIN_WEB_DEVICES).files())
        .isEqualTo(1);
    assertThat(new GeneratorSettings(1, 1, 0, 1, GeneratorSettings.MAX_WEB_DEVICES).corruptRate())
        .isEqualTo(1);
  }

  @Test
  void refusesFilesBelowOne() {
    assertThatThrownBy(() -> GeneratorSettings.defaults().withFiles(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("files must be at least 1, was 0");
  }

  @Test
  void refusesRowsPerFileBelowOne() {
    assertThatThrownBy(() -> GeneratorSettings.defaults().withRowsPerFile(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows per file must be at least 1, was -5");
  }

  @Test
  void refusesACorruptRateOutsideZeroToOne() {
    assertThatThrownBy(() -> GeneratorSettings.defaults().withCorruptRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("corrupt rate must be a fraction between 0 and 1")
        .hasMessageEndingWith("was 1.5");
    assertThatThrownBy(() -> GeneratorSettings.defaults().withCorruptRate(-0.001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was -0.001");
    assertThatThrownBy(() -> GeneratorSettings.defaults().withCorruptRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was NaN");
  }

  @Test
  void refusesAWebPopulationOutsideItsRange() {
    assertThatThrownBy(() -> GeneratorSettings.defaults().withWebDevices(19))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("web devices must be between 20 and 1500000, was 19");
    assertThatThrownBy(() -> GeneratorSettings.defaults().withWebDevices(1_500_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 1500001");
  }
}
