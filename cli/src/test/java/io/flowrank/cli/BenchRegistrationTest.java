package io.flowrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.bench.BenchCommand;
import org.junit.jupiter.api.Test;

/** {@code bench} lives in its own module: the CLI registers it and hands it this launcher. */
class BenchRegistrationTest {

  @Test
  void theBenchIsACommandOfTheLauncher() {
    assertThat(FlowrankCommand.commandLine().getSubcommands().get("bench").<Object>getCommand())
        .isInstanceOf(BenchCommand.class);
  }

  @Test
  void theBenchStartsThisMainClassWithTheOptionsOfJvmOptions() {
    assertThat(FlowrankCommand.LAUNCHER.mainClass()).isEqualTo(FlowrankCommand.class.getName());
    assertThat(FlowrankCommand.LAUNCHER.jvmOptions().apply("stream"))
        .isNotEmpty()
        .isEqualTo(JvmOptions.of("stream"));
    assertThat(FlowrankCommand.LAUNCHER.jvmOptions().apply("verify")).isEmpty();
  }
}
