package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional id of a replay (docs/design.md §2, "Several producers"): derived from the
 * input's batch names, the same wherever the files are, another for another input; the one given
 * wins.
 */
class TransactionalIdsTest {

  @TempDir Path tmp;

  @Test
  void theIdIsThePrefixAndSixteenHexDigitsOfTheNamesHash() {
    // Pinned: a new version deriving another id would not fence what an older run left open.
    assertThat(TransactionalIds.derived(List.of("time_1.json", "time_2.json")))
        .isEqualTo("flowrank-producer-ad8f342b74c1743b")
        .matches("flowrank-producer-[0-9a-f]{16}");
  }

  @Test
  void theOrderOfTheNamesDoesNotMatter() {
    assertThat(TransactionalIds.derived(List.of("b", "a", "c")))
        .isEqualTo(TransactionalIds.derived(List.of("a", "b", "c")));
  }

  @Test
  void differentListsGetDifferentIds() {
    List<String> ids =
        List.of(
            TransactionalIds.derived(List.of("a", "b")),
            TransactionalIds.derived(List.of("a")),
            TransactionalIds.derived(List.of("b")),
            TransactionalIds.derived(List.of("ab")),
            TransactionalIds.derived(List.of("a", "b", "c")),
            TransactionalIds.derived(List.of()));

    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void theSameFilesInAnotherFolderGetTheSameId() throws IOException {
    Path here = files(tmp.resolve("here"), "time_1.json", "time_2.json");
    Path there = files(tmp.resolve("mnt").resolve("there"), "time_1.json", "time_2.json");

    assertThat(idOf(settings(here).build())).isEqualTo(idOf(settings(there).build()));
    assertThat(idOf(settings(here).build()))
        .isEqualTo(TransactionalIds.derived(List.of("time_1.json", "time_2.json")));
  }

  @Test
  void anotherInputGetsAnotherId() throws IOException {
    Path first = files(tmp.resolve("first"), "time_1.json", "time_2.json");
    Path second = files(tmp.resolve("second"), "time_3.json", "time_4.json");
    Path more = files(tmp.resolve("more"), "time_1.json", "time_2.json", "time_3.json");

    assertThat(
            List.of(
                idOf(settings(first).build()),
                idOf(settings(second).build()),
                idOf(settings(more).build())))
        .doesNotHaveDuplicates();
  }

  @Test
  void standardInputIsNamedByItsName() throws IOException {
    ProducerSettings day03 = settings(ProducerSettings.STDIN).stdinName("day03").build();
    ProducerSettings day04 = settings(ProducerSettings.STDIN).stdinName("day04").build();

    assertThat(idOf(day03)).isEqualTo(TransactionalIds.derived(List.of("day03")));
    assertThat(idOf(day04)).isNotEqualTo(idOf(day03));
  }

  @Test
  void theIdGivenWins() throws IOException {
    Path input = files(tmp.resolve("input"), "time_1.json");

    assertThat(idOf(settings(input).transactionalId("replay-7").build())).isEqualTo("replay-7");
  }

  /** The id the replay of {@code settings} runs under: what its start-up makes of the input. */
  private static String idOf(ProducerSettings settings) throws IOException {
    return new ReplayStartup(settings, null).input().transactionalId();
  }

  private static ProducerSettings.Builder settings(Path data) {
    return ProducerSettings.builder("broker:9092", data);
  }

  private static Path files(Path dir, String... names) throws IOException {
    Files.createDirectories(dir);
    for (String name : names) {
      Files.writeString(dir.resolve(name), "{\"dstdevice\": \"Comp1\", \"dstport\": \"80\"}\n");
    }
    return dir;
  }
}
