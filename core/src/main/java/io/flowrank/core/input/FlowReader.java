package io.flowrank.core.input;

/**
 * A {@link RecordReader} over an input whose compression and format were told by content ({@link
 * InputSource}): what {@link InputFiles} opens for the producer and the verifier alike.
 */
public interface FlowReader extends RecordReader {

  /** How the input was compressed. */
  Compression compression();
}
