package io.flowrank.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How every child JVM of one bench run starts: the launcher's main class and each command's JVM
 * options ({@link Launcher}), the class-data archives the children share, and the streams app's
 * heap cap ({@code --stream-heap}).
 */
record Children(Launcher launcher, ClassDataSharing classData, String streamHeap) {

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
}
