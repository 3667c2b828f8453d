package io.flowrank.core.synthetic;

/**
 * What {@code flowrank generate} writes: how many files, how many lines each, the seed, the share
 * of corrupt lines and the size of the web-server population. Validated on construction, so a
 * settings value that exists is one the generator can run.
 *
 * @param files how many files, {@code time_01.json} onwards (the raw CSV holds them all, one after
 *     the other, in its one file); at least 1
 * @param rowsPerFile lines per file, the echoed header record of the first file included (the raw
 *     CSV has no header: one row less); at least 1
 * @param seed the seed: equal settings write byte-identical files
 * @param corruptRate the fraction of lines, 0 to 1, that are corrupt (see {@link CorruptionKind})
 * @param webDevices how many distinct devices receive web flows, {@value #MIN_WEB_DEVICES} to
 *     {@value #MAX_WEB_DEVICES}
 * @param outOfOrder seconds of data time by which some files lag behind the files before them
 *     ({@link FlowGenerator#outOfOrderShift}), 0 for none (every file in time order); at most
 *     {@value #MAX_OUT_OF_ORDER}
 * @param timeScale seconds of data time per second of the generator's clock (which ticks about
 *     every 3,000 flows): 1 writes LANL's pace, 100 spreads the same flows over a hundred times the
 *     data time (several simulated days in a few million lines); 1 to {@value #MAX_TIME_SCALE}
 */
public record GeneratorSettings(
    int files,
    int rowsPerFile,
    long seed,
    double corruptRate,
    int webDevices,
    long outOfOrder,
    long timeScale) {

  public static final int DEFAULT_FILES = 50;
  public static final int DEFAULT_ROWS_PER_FILE = 10_000;
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_CORRUPT_RATE = 0.001;
  public static final int DEFAULT_WEB_DEVICES = 5_000;

  /** The named head of the ranking (the notebook's top 20) needs this many devices. */
  public static final int MIN_WEB_DEVICES = WebDevicePopulation.HEAD_SIZE;

  /** Device names are {@code CompNNNNNN} and {@code IPNNNNNN}: two million at most, keep room. */
  public static final int MAX_WEB_DEVICES = 1_500_000;

  /** A day of data time per second of the generator's clock at most. */
  public static final long MAX_TIME_SCALE = 86_400;

  /** A file may lag at most back to time 0: the generated data starts at day 3, 172800. */
  public static final long MAX_OUT_OF_ORDER = FlowGenerator.FIRST_TIME;

  public GeneratorSettings {
    if (files < 1) {
      throw new IllegalArgumentException("files must be at least 1, was " + files);
    }
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("rows per file must be at least 1, was " + rowsPerFile);
    }
    if (!(corruptRate >= 0 && corruptRate <= 1)) { // also refuses NaN
      throw new IllegalArgumentException(
          "corrupt rate must be a fraction between 0 and 1 (0.001 is one line in a thousand), was "
              + corruptRate);
    }
    if (webDevices < MIN_WEB_DEVICES || webDevices > MAX_WEB_DEVICES) {
      throw new IllegalArgumentException(
          "web devices must be between "
              + MIN_WEB_DEVICES
              + " and "
              + MAX_WEB_DEVICES
              + ", was "
              + webDevices);
    }
    if (outOfOrder < 0 || outOfOrder > MAX_OUT_OF_ORDER) {
      throw new IllegalArgumentException(
          "the out-of-order lag must be between 0 and "
              + MAX_OUT_OF_ORDER
              + " s, was "
              + outOfOrder);
    }
    if (timeScale < 1 || timeScale > MAX_TIME_SCALE) {
      throw new IllegalArgumentException(
          "the time scale must be between 1 and " + MAX_TIME_SCALE + ", was " + timeScale);
    }
  }

  /** At LANL's pace of data time. */
  public GeneratorSettings(
      int files, int rowsPerFile, long seed, double corruptRate, int webDevices, long outOfOrder) {
    this(files, rowsPerFile, seed, corruptRate, webDevices, outOfOrder, 1);
  }

  /** Every file in time order. */
  public GeneratorSettings(
      int files, int rowsPerFile, long seed, double corruptRate, int webDevices) {
    this(files, rowsPerFile, seed, corruptRate, webDevices, 0);
  }

  /**
   * The notebook-sized sample: 50 files of 10,000 lines, seed 42, one corrupt line in a thousand.
   */
  public static GeneratorSettings defaults() {
    return new GeneratorSettings(
        DEFAULT_FILES,
        DEFAULT_ROWS_PER_FILE,
        DEFAULT_SEED,
        DEFAULT_CORRUPT_RATE,
        DEFAULT_WEB_DEVICES);
  }

  public GeneratorSettings withFiles(int value) {
    return new GeneratorSettings(
        value, rowsPerFile, seed, corruptRate, webDevices, outOfOrder, timeScale);
  }

  public GeneratorSettings withRowsPerFile(int value) {
    return new GeneratorSettings(
        files, value, seed, corruptRate, webDevices, outOfOrder, timeScale);
  }

  public GeneratorSettings withSeed(long value) {
    return new GeneratorSettings(
        files, rowsPerFile, value, corruptRate, webDevices, outOfOrder, timeScale);
  }

  public GeneratorSettings withCorruptRate(double value) {
    return new GeneratorSettings(
        files, rowsPerFile, seed, value, webDevices, outOfOrder, timeScale);
  }

  public GeneratorSettings withWebDevices(int value) {
    return new GeneratorSettings(
        files, rowsPerFile, seed, corruptRate, value, outOfOrder, timeScale);
  }

  public GeneratorSettings withOutOfOrder(long seconds) {
    return new GeneratorSettings(
        files, rowsPerFile, seed, corruptRate, webDevices, seconds, timeScale);
  }

  public GeneratorSettings withTimeScale(long value) {
    return new GeneratorSettings(
        files, rowsPerFile, seed, corruptRate, webDevices, outOfOrder, value);
  }

  /** Lines over all files. */
  public long totalRows() {
    return (long) files * rowsPerFile;
  }
}
