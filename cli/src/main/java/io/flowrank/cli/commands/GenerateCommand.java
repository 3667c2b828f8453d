package io.flowrank.cli.commands;

import io.flowrank.cli.ValueConverter;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GenerationResult;
import io.flowrank.core.synthetic.GeneratorSettings;
import io.flowrank.core.synthetic.OutputCompression;
import io.flowrank.core.synthetic.OutputFormat;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowrank generate}: a synthetic LANL-like data set, deterministic for a seed, in any of
 * the three input formats of docs/design.md §1, plain or compressed.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes synthetic LANL-like netflow files: JSON lines (time_01.json ...), JSON arrays "
          + "(time_01.json ...) or the raw CSV (one file, netflow_day-03, no header), plain, gzip "
          + "or bzip2. The same seed writes the same flows in every format."
    })
public final class GenerateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--files", paramLabel = "N", defaultValue = "50",
      description = "Number of files; csv writes them one after the other into its one file "
          + "(default: ${DEFAULT-VALUE}).")
  int files;

  @Option(names = "--rows-per-file", paramLabel = "N", defaultValue = "10000",
      description = "Lines per file, the first file's echoed header record included; csv has no "
          + "header (default: ${DEFAULT-VALUE}).")
  int rowsPerFile;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Random seed: the same seed writes the same bytes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--corrupt-rate", paramLabel = "R", defaultValue = "0.001",
      description = "Fraction of corrupt rows, 0..1, malformed the ways of the format "
          + "(default: ${DEFAULT-VALUE}).")
  double corruptRate;

  @Option(names = "--web-devices", paramLabel = "N", defaultValue = "5000",
      description = "Distinct destination devices of web flows (default: ${DEFAULT-VALUE}).")
  int webDevices;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
      converter = FormatNames.class, completionCandidates = FormatNames.class,
      description = "${COMPLETION-CANDIDATES}: one csvjson --stream object a line, one JSON array "
          + "a file (csvjson --indent 2), or the raw LANL CSV (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--compress", paramLabel = "KIND", defaultValue = "none",
      converter = CompressionNames.class, completionCandidates = CompressionNames.class,
      description = "${COMPLETION-CANDIDATES}: compress each file, .gz or .bz2 appended to its "
          + "name (default: ${DEFAULT-VALUE}).")
  OutputCompression compression;

  @Option(names = "--out-of-order", paramLabel = "DURATION", defaultValue = "0",
      converter = io.flowrank.cli.DurationConverter.class,
      description = "Write some files older than the files before them, in data time: every tenth"
          + " from time_05 lagging by DURATION, every tenth from time_10 by a tenth of it (with"
          + " stream --window W --grace G, a lag above W + G makes flows late, one below G never"
          + " does); 0 for none (default: ${DEFAULT-VALUE}).")
  java.time.Duration outOfOrder;

  @Option(names = "--time-scale", paramLabel = "N", defaultValue = "1",
      description = "Seconds of data time per second of LANL's pace (about 3,000 flows): 100"
          + " spreads the same flows over a hundred times the data time, e.g. several simulated"
          + " days for windows and their retention (default: ${DEFAULT-VALUE}).")
  long timeScale;

  @Option(names = "--overwrite",
      description = "Replace the files generate writes (time_*.json, netflow_day-03, plain or "
          + "compressed) already in the folder.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    GeneratorSettings settings =
        new GeneratorSettings(
            files, rowsPerFile, seed, corruptRate, webDevices, outOfOrder.getSeconds(), timeScale);
    GenerationResult result;
    try {
      result = FlowGenerator.generate(out, settings, format, compression, overwrite);
    } catch (FileAlreadyExistsException e) {
      throw new UserInputException(
          (e.getReason() != null ? e.getReason() : e.getMessage()) + " (use --overwrite to replace them)");
    }
    List<Path> written = result.files();
    String first = written.get(0).getFileName().toString();
    String last = written.get(written.size() - 1).getFileName().toString();
    spec.commandLine().getOut().printf(
        "wrote %s into %s (%s%s): %,d rows, %,d web flows, %,d corrupt rows, %,d bytes%n",
        written.size() == 1 ? first : first + " ... " + last + " (" + written.size() + " files)",
        out, format, compression == OutputCompression.NONE ? "" : ", " + compression,
        result.rows(), result.webFlows(), result.corruptLines(), result.bytes());
    return ExitCode.OK;
  }

  /**
   * An option's value by its command-line name ({@code jsonl}, {@code bz2}): picocli's converter
   * and the names the help lists, both from the enum.
   */
  abstract static class CliNames<E extends Enum<E>> extends ValueConverter<E>
      implements Iterable<String> {
    private final List<String> names;

    CliNames(Function<String, E> byName, E[] values, Function<E, String> name) {
      super(byName);
      this.names = Arrays.stream(values).map(name).toList();
    }

    @Override
    public Iterator<String> iterator() {
      return names.iterator();
    }
  }

  /** {@code --format}. */
  static final class FormatNames extends CliNames<OutputFormat> {
    FormatNames() {
      super(OutputFormat::ofCliName, OutputFormat.values(), OutputFormat::cliName);
    }
  }

  /** {@code --compress}. */
  static final class CompressionNames extends CliNames<OutputCompression> {
    CompressionNames() {
      super(OutputCompression::ofCliName, OutputCompression.values(), OutputCompression::cliName);
    }
  }
}
