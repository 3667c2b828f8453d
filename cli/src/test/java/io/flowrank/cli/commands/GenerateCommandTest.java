package io.flowrank.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.cli.FlowrankCommand;
import io.flowrank.core.command.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flowrank generate} as a user types it: options, files written, messages, exit codes. */
class GenerateCommandTest {

  @TempDir Path dir;

  /** What a command line printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FlowrankCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private List<String> names() throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void writesJsonLinesByDefault() throws IOException {
    Run run = run("generate", "--out", dir.toString(), "--files", "2", "--rows-per-file", "50");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(names()).containsExactly("time_01.json", "time_02.json");
    assertThat(Files.readAllLines(dir.resolve("time_01.json"))).hasSize(50).first().asString()
        .startsWith("{\"time\": \"time\", ");
    assertThat(run.out())
        .startsWith(
            "wrote time_01.json ... time_02.json (2 files) into " + dir + " (jsonl): 100 rows, ");
  }

  @Test
  void writesTheRawCsvAsOneBzip2FileWithoutHeader() throws IOException {
    Run run =
        run(
            "generate", "--out", dir.toString(), "--files", "3", "--rows-per-file", "100",
            "--format", "csv", "--compress", "bz2", "--seed", "7");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(names()).containsExactly("netflow_day-03.bz2");
    String csv;
    try (InputStream in =
        new BZip2CompressorInputStream(Files.newInputStream(dir.resolve("netflow_day-03.bz2")))) {
      csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(csv).startsWith("172800,").endsWith("\n");
    assertThat(csv.split("\n", -1)).hasSize(300); // 299 rows and the empty string after the last
    assertThat(run.out())
        .startsWith("wrote netflow_day-03.bz2 into " + dir + " (csv, bz2): 299 rows, ");
  }

  @Test
  void writesGzippedJsonArrays() throws IOException {
    Run run =
        run(
            "generate", "--out", dir.toString(), "--files", "2", "--rows-per-file", "10",
            "--format", "json-array", "--compress", "gz");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(names()).containsExactly("time_01.json.gz", "time_02.json.gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("time_02.json.gz")))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .startsWith("[\n  {\n    \"time\": ")
          .endsWith("\n  }\n]\n");
    }
  }

  @Test
  void anUnknownFormatOrCompressionIsAUsageError() throws IOException {
    Run format = run("generate", "--out", dir.toString(), "--format", "parquet");
    Run compression = run("generate", "--out", dir.toString(), "--compress", "zip");
    Run caseMatters = run("generate", "--out", dir.toString(), "--format", "CSV");

    assertThat(format.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(format.err())
        .contains("--format")
        .contains("unknown format 'parquet': expected one of jsonl, json-array, csv")
        .contains("Usage: flowrank generate ");
    assertThat(compression.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(compression.err())
        .contains("unknown compression 'zip': expected one of none, gz, bz2")
        .contains("Usage: flowrank generate ");
    assertThat(caseMatters.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(format.out() + compression.out()).isEmpty();
    assertThat(names()).isEmpty();
  }

  @Test
  void helpNamesEveryFormatAndCompression() {
    Run help = run("generate", "--help");

    assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(help.out())
        .contains("--format=FORMAT")
        .contains("jsonl, json-array, csv")
        .contains("--compress=KIND")
        .contains("none, gz, bz2");
  }

  @Test
  void anotherDataSetInTheFolderIsRefusedUnlessOverwritten() throws IOException {
    assertThat(run("generate", "--out", dir.toString(), "--files", "2", "--rows-per-file", "5")
            .exitCode())
        .isZero();

    Run refused =
        run("generate", "--out", dir.toString(), "--format", "csv", "--rows-per-file", "5");
    assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err())
        .contains("2 generated file(s) (time_01.json ...) already in")
        .contains("use --overwrite");

    Run replaced =
        run(
            "generate", "--out", dir.toString(), "--format", "csv", "--compress", "gz",
            "--rows-per-file", "5", "--overwrite");
    assertThat(replaced.exitCode()).as(replaced.err()).isZero();
    assertThat(names()).containsExactly("netflow_day-03.gz");
  }
}
