package io.flowrank.cli.commands;

import io.flowrank.cli.ExitCode;
import io.flowrank.cli.UserInputException;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GenerationResult;
import io.flowrank.core.synthetic.GeneratorSettings;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowrank generate}: a synthetic LANL-like data set, deterministic for a seed. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Writes synthetic LANL-like netflow files (JSON lines, time_01.json ...).")
public final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--files", paramLabel = "N", defaultValue = "50",
      description = "Number of files (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(names = "--rows-per-file", paramLabel = "N", defaultValue = "10000",
      description = "Lines per file (default: ${DEFAULT-VALUE}).")
  int rowsPerFile;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Random seed: the same seed writes the same bytes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--corrupt-rate", paramLabel = "R", defaultValue = "0.001",
      description = "Fraction of corrupt lines, 0..1 (default: ${DEFAULT-VALUE}).")
  double corruptRate;

  @Option(names = "--web-devices", paramLabel = "N", defaultValue = "5000",
      description = "Distinct destination devices of web flows (default: ${DEFAULT-VALUE}).")
  int webDevices;

  @Option(names = "--overwrite", description = "Replace time_*.json files already in the folder.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    GeneratorSettings settings =
        new GeneratorSettings(files, rowsPerFile, seed, corruptRate, webDevices);
    GenerationResult result;
    try {
      result = FlowGenerator.generate(out, settings, overwrite);
    } catch (FileAlreadyExistsException e) {
      throw new UserInputException(
          (e.getReason() != null ? e.getReason() : e.getMessage()) + " (use --overwrite to replace them)");
    }
    System.out.printf(
        "wrote %d files to %s: %,d lines, %,d web flows, %,d corrupt lines, %,d bytes%n",
        result.filesWritten(), out, result.rows(), result.webFlows(), result.corruptLines(),
        result.bytes());
    return ExitCode.OK;
  }
}
