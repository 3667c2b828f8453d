package io.flowrank.peer;

/** The systems the peer benchmark compares, in the order of its table. */
enum PeerSystem {
  FLOWRANK("flowrank pipeline"),
  SPARK_SS_FILES("Spark SS, files"),
  SPARK_BATCH("Spark batch, files"),
  SPARK_SS_KAFKA("Spark SS, Kafka topic");

  private final String title;

  PeerSystem(String title) {
    this.title = title;
  }

  /** The name in the table. */
  String title() {
    return title;
  }
}
