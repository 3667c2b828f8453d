package io.flowrank.core.rules;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict on one line: its kind, the dstdevice of a web flow, the reason of a rejection. Only web
 * flows allocate; the other verdicts are shared constants.
 */
public record Verdict(LineKind kind, String dstdevice, RejectReason reason) {

  public static final Verdict BLANK = new Verdict(LineKind.BLANK, null, null);
  public static final Verdict OTHER_FLOW = new Verdict(LineKind.OTHER_FLOW, null, null);
  private static final Map<RejectReason, Verdict> REJECTIONS = new EnumMap<>(RejectReason.class);

  static {
    for (RejectReason reason : RejectReason.values()) {
      REJECTIONS.put(reason, new Verdict(LineKind.REJECTED, null, reason));
    }
  }

  public static Verdict webFlow(String dstdevice) {
    return new Verdict(LineKind.WEB_FLOW, Objects.requireNonNull(dstdevice), null);
  }

  public static Verdict rejected(RejectReason reason) {
    return REJECTIONS.get(reason);
  }

  public boolean isWebFlow() {
    return kind == LineKind.WEB_FLOW;
  }

  public boolean isRejected() {
    return kind == LineKind.REJECTED;
  }
}
