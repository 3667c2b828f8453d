package io.flowrank.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.cli.FlowrankCommand;
import io.flowrank.core.command.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flowrank produce}'s own checks of its options, before any Kafka client starts. */
class ProduceCommandTest {

  @TempDir Path dir;

  @Test
  void watchingAnythingButAFolderIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("time_1.json"), "{}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FlowrankCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int file1 = cli.execute("produce", "--bootstrap-servers", "nowhere:9", "--data", file.toString(),
        "--watch");
    int stdin = cli.execute("produce", "--bootstrap-servers", "nowhere:9", "--data", "-", "--watch");

    assertThat(file1).isEqualTo(ExitCode.USAGE);
    assertThat(stdin).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains("--watch watches a folder; " + file + " is not one")
        .contains("--watch watches a folder, not standard input")
        .doesNotContain("Exception");
    assertThat(out.toString()).isEmpty();
  }
}
