package io.flowrank.core.evidence;

import io.flowrank.core.rules.FlowFields;

/**
 * The numeric fields the evidence reads. A web flow whose field is missing or not a number the
 * rules accept stays a web flow and adds nothing to the measures that need it; it is counted here,
 * per field, as {@code incomplete} (docs/design.md §1.5).
 */
public enum NumericField {
  TIME("time"),
  DSTPACKETS("dstpackets"),
  SRCBYTES("srcbytes"),
  DSTBYTES("dstbytes");

  private final String fieldName;

  NumericField(String fieldName) {
    this.fieldName = fieldName;
  }

  /** The field's name in the data, and the key of its figure in {@code /api/progress}. */
  public String fieldName() {
    return fieldName;
  }

  public long value(FlowFields flow) {
    return switch (this) {
      case TIME -> flow.time();
      case DSTPACKETS -> flow.dstpackets();
      case SRCBYTES -> flow.srcbytes();
      case DSTBYTES -> flow.dstbytes();
    };
  }

  /** Adds one to {@code incomplete[field.ordinal()]} for each field the flow lacks. */
  public static void count(FlowFields flow, long[] incomplete) {
    if (flow.time() == FlowFields.ABSENT) {
      incomplete[TIME.ordinal()]++;
    }
    if (flow.dstpackets() == FlowFields.ABSENT) {
      incomplete[DSTPACKETS.ordinal()]++;
    }
    if (flow.srcbytes() == FlowFields.ABSENT) {
      incomplete[SRCBYTES.ordinal()]++;
    }
    if (flow.dstbytes() == FlowFields.ABSENT) {
      incomplete[DSTBYTES.ordinal()]++;
    }
  }
}
