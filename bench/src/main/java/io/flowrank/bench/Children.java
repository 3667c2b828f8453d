package io.flowrank.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How every child JVM of one bench run starts: the launcher's main class and each command's JVM
 * options ({@link Launcher}), the class-data archives the children share, and the streams app's
 * heap cap ({@code --stream-heap}) and windows ({@code --stream-window}).
 *
 * @param streamWindow the streams app's {@code --window}: a size such as {@code 1h}, or {@code off}
 */
record Children(
    Launcher launcher, ClassDataSharing classData, String streamHeap, String streamWindow) {

  /**
   * The JVM options of {@code command}: those of {@code ./flowrank command}, then, for the streams
   * app, the heap cap, which shows the app fits.
   */
  List<String> jvmOptions(String command) {
    List<String> options = new ArrayList<>(launcher.jvmOptions().apply(command));
    if (command.equals("stream")) {
      options.add("-Xmx" + streamHeap);
    }
    return options;
  }

  /**
   * The arguments every streams app of the run gets after its own (addresses, state folder): the
   * same windows in every phase, so a run with {@code --stream-window off} and one with windows
   * compare the same build.
   */
  List<String> streamArguments() {
    return List.of("--window", streamWindow);
  }
}
