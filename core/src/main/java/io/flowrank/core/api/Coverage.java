package io.flowrank.core.api;

/**
 * How many partitions of the counts an answer covers, of how many there are. An answer that cannot
 * cover them all is a 503, never a partial list (docs/design.md, "HTTP API").
 */
public record Coverage(int covered, int total) {

  public boolean complete() {
    return covered == total;
  }
}
