package io.flowrank.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.command.UserInputException;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.Windowing;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options of the windows and the events, as {@code stream} and {@code verify} read them. */
class TimeOptionsTest {

  private static TimeSettings stream(String... options) throws Exception {
    StreamCommand command = new StreamCommand();
    String[] args = new String[options.length + 2];
    args[0] = "--bootstrap-servers";
    args[1] = "localhost:9092";
    System.arraycopy(options, 0, args, 2, options.length);
    new CommandLine(command).parseArgs(args);
    return command.settings().time();
  }

  private static TimeSettings verify(String... options) {
    VerifyCommand command = new VerifyCommand();
    String[] args = new String[options.length + 4];
    args[0] = "--data";
    args[1] = "data";
    args[2] = "--endpoint";
    args[3] = "localhost:7070";
    System.arraycopy(options, 0, args, 4, options.length);
    new CommandLine(command).parseArgs(args);
    return command.time.settings(command.window);
  }

  @Test
  void theStreamKeepsWindowsOfAnHourUnlessToldOtherwise() throws Exception {
    assertThat(stream()).isEqualTo(TimeSettings.DEFAULT);
    assertThat(stream("--window", "off").windows()).isEmpty();
    assertThat(stream("--window", "0").windows()).isEmpty();
    assertThat(
            stream(
                "--window", "10m", "--grace", "30s", "--window-retention", "2h",
                "--server-min-answered", "3", "--server-min-clients", "1"))
        .isEqualTo(new TimeSettings(Optional.of(new Windowing(600, 30, 7_200)), new ServerRule(3, 1)));
  }

  @Test
  void theVerifierComparesWindowsOnlyWhenAsked() {
    assertThat(verify().windows()).isEmpty();
    assertThat(verify("--window", "1h")).isEqualTo(TimeSettings.DEFAULT);
  }

  @Test
  void windowsOutOfRangeAreUsageErrorsNamingTheOptions() {
    assertThatThrownBy(() -> stream("--window", "1500ms"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--window/--grace/--window-retention")
        .hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> stream("--grace", "1h", "--window-retention", "5m"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("at least the grace");
    assertThatThrownBy(() -> stream("--server-min-clients", "0"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--server-min-answered/--server-min-clients");
  }
}
