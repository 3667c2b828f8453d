package io.flowrank.cli.demo;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.Progress;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.verifier.TableRenderer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's view of the stream, like the notebook's monitoring loop: a status line and the live
 * top-N tables by web flows and by answered web flows side by side (a device that is mostly scanned
 * leaves the second), read over the HTTP API as any client would. On a terminal the tables are
 * redrawn in place; otherwise each refresh is printed below the previous one.
 */
final class LiveTable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final ApiClient client;
  private final PrintStream out;
  private final boolean terminal;
  private final int rows;
  private int linesDrawn;

  LiveTable(ApiClient client, PrintStream out, boolean terminal, int rows) {
    this.client = client;
    this.out = out;
    this.terminal = terminal;
    this.rows = rows;
  }

  /** Draws one refresh; returns the progress it saw, or null while the app is not ready. */
  Progress refresh(int inputFiles) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    Progress progress = null;
    try {
      progress = client.progress(REQUEST_TIMEOUT);
      lines.add(
          String.format(
              "stream %s: %d/%d files committed%s, %s records, %s web flows, %s rejected, %s",
              progress.state(),
              progress.filesCommitted(),
              inputFiles,
              progress.batchesCommitted() != progress.filesCommitted()
                  ? " (" + TableRenderer.number(progress.batchesCommitted()) + " batches)"
                  : "",
              TableRenderer.number(progress.records()),
              TableRenderer.number(progress.webFlows()),
              TableRenderer.number(progress.rejected()),
              progress.caughtUp() ? "caught up" : "lag " + TableRenderer.number(progress.totalLag())));
      lines.addAll(
          TableRenderer.sideBySide(
              "by web flows",
              TableRenderer.show(Measure.COUNT, ranked(client.top(rows, Measure.COUNT, REQUEST_TIMEOUT))),
              "by answered web flows",
              TableRenderer.show(
                  Measure.ANSWERED, ranked(client.top(rows, Measure.ANSWERED, REQUEST_TIMEOUT)))));
      lines.add(TableRenderer.moreRows(rows));
    } catch (ApiException e) {
      lines.add("waiting for the streams app: " + e.getMessage());
      progress = null;
    }
    draw(lines);
    return progress;
  }

  private static List<RankedEvidence> ranked(TopAnswer top) {
    return top.devices().stream()
        .map(d -> new RankedEvidence(d.dstdevice(), d.device().evidence()))
        .toList();
  }

  private void draw(List<String> lines) {
    StringBuilder text = new StringBuilder();
    if (terminal && linesDrawn > 0) {
      text.append("\u001b[").append(linesDrawn).append("F\u001b[J"); // back up and clear below
    }
    for (String line : lines) {
      text.append(line).append(System.lineSeparator());
    }
    if (!terminal) {
      text.append(System.lineSeparator());
    }
    out.print(text);
    out.flush();
    linesDrawn = lines.size();
  }
}
