package io.flowrank.producer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code transactional.id} a replay runs under when {@code --transactional-id} is not given
 * (docs/design.md §2, "Several producers"): {@code flowrank-producer-} and the first 16 hex digits
 * of the SHA-256 of the input's batch names, sorted, each ended by a NUL byte (which no file name
 * and no {@code --name} holds).
 *
 * <p>Derived from the names alone, as the replay log keys them, never from a path: the same files
 * wherever they are mounted get the same id, so a rerun fences what a crashed run left open and a
 * second producer on the same input takes it over; different inputs get different ids and run side
 * by side. A watched folder ({@code produce --watch}), whose files come and go, is named by its own
 * name followed by {@code /} (which no batch name holds), hashed the same way.
 */
public final class TransactionalIds {

  /** What every derived id starts with. */
  public static final String PREFIX = "flowrank-producer-";

  private static final int HEX_DIGITS = 16;

  private TransactionalIds() {}

  /** The id of an input whose sources have these batch names (in any order). */
  public static String derived(Collection<String> sourceNames) {
    MessageDigest sha256 = BatchSender.sha256();
    List<String> names = sourceNames.stream().sorted().toList();
    for (String name : names) {
      sha256.update(name.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
    }
    return PREFIX + HexFormat.of().formatHex(sha256.digest()).substring(0, HEX_DIGITS);
  }

  /** The id of a watched folder of this name (its last path element; none: the root). */
  public static String watching(java.nio.file.Path folderName) {
    return derived(List.of((folderName == null ? "" : folderName.toString()) + "/"));
  }
}
