package io.flowrank.core.synthetic;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The three input formats of docs/design.md §1, as {@code flowrank generate --format} writes them. Every
 * format holds the same flows for the same settings; only the layout and the kinds of corrupt row
 * differ (see {@link CorruptionKind#of(OutputFormat)}).
 */
public enum OutputFormat {
  /**
   * Format 1, the notebook's: files {@code time_01.json} onwards, one {@code csvjson --stream}
   * object per line, the echoed header record first.
   */
  JSONL("jsonl"),
  /**
   * Format 2: the same files, each one JSON array of the same objects, laid out as {@code csvjson
   * --indent 2} writes it (one member per line); corrupt elements leave the array well-formed.
   */
  JSON_ARRAY("json-array"),
  /**
   * Format 3, the raw LANL download: one file, {@code netflow_day-03}, no header, the 11 fields in
   * the order of docs/design.md §1.1, unquoted but in corrupt rows.
   */
  CSV("csv");

  private final String cliName;

  OutputFormat(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line: {@code jsonl}, {@code json-array}, {@code csv}. */
  public String cliName() {
    return cliName;
  }

  /** True when the whole data set goes into one file, whatever the number of files asked. */
  public boolean oneFile() {
    return this == CSV;
  }

  /**
   * The format named {@code name} on the command line.
   *
   * @throws IllegalArgumentException naming the accepted names, when none matches
   */
  public static OutputFormat ofCliName(String name) {
    for (OutputFormat format : values()) {
      if (format.cliName.equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + name + "': expected one of " + cliNames());
  }

  /** {@code jsonl, json-array, csv}. */
  public static String cliNames() {
    return Arrays.stream(values()).map(OutputFormat::cliName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
