package io.flowrank.it;

import static io.flowrank.core.rules.RejectReason.INVALID_DSTDEVICE;
import static io.flowrank.core.rules.RejectReason.INVALID_DSTPORT;
import static io.flowrank.core.rules.RejectReason.INVALID_UTF8;
import static io.flowrank.core.rules.RejectReason.MISSING_DSTDEVICE;
import static io.flowrank.core.rules.RejectReason.MISSING_DSTPORT;
import static io.flowrank.core.rules.RejectReason.NOT_AN_OBJECT;
import static io.flowrank.core.rules.RejectReason.NOT_JSON;
import static io.flowrank.core.rules.RejectReason.TOO_DEEP;
import static io.flowrank.core.rules.RejectReason.TOO_LARGE;

import io.flowrank.core.rules.LineKind;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written input file with every kind of line docs/design.md §1 speaks of: a byte-order mark, CRLF
 * and LF ends, blank lines, a last line without newline, broken JSON, NUL and invalid UTF-8 bytes,
 * wrongly typed fields, 50,000-deep nesting, a 3 MB line. Each line is written next to the verdict
 * the rules must give it, stated by hand, not computed with the rules under test.
 */
final class HostileFile {

  /** The size of the line too large for the broker: three times the producer's limit. */
  static final int HUGE_LINE_BYTES = 3 * 1024 * 1024;

  private static final int DEPTH = 50_000;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final String CRLF = "\r\n";
  private static final String LF = "\n";
  private static final String NONE = "";
  private static final String HEADER_RECORD =
      "{\"time\": \"time\", \"duration\": \"duration\", \"srcdevice\": \"srcdevice\","
          + " \"dstdevice\": \"dstdevice\", \"protocol\": \"protocol\", \"srcport\":"
          + " \"srcport\", \"dstport\": \"dstport\", \"srcpackets\": \"srcpackets\","
          + " \"dstpackets\": \"dstpackets\", \"srcbytes\": \"srcbytes\", \"dstbytes\":"
          + " \"dstbytes\"}";

  /**
   * One line of the file.
   *
   * @param number the 1-based line number, as the producer puts it in {@code flowrank.line}
   * @param content the bytes of the line without its line end (and without the file's BOM)
   * @param expected the verdict the rules must give it
   */
  record Line(long number, byte[] content, Verdict expected) {}

  private final List<Line> lines = new ArrayList<>();
  private final List<String> endings = new ArrayList<>();

  private HostileFile() {}

  /** Writes the file and returns what it holds. */
  static HostileFile write(Path file) throws IOException {
    HostileFile hostile = new HostileFile();
    hostile.build();
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(BOM);
      for (int i = 0; i < hostile.lines.size(); i++) {
        out.write(hostile.lines.get(i).content());
        out.write(hostile.endings.get(i).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return hostile;
  }

  private void build() {
    // Right after the BOM: counted only if the BOM is ignored.
    web("{\"dstdevice\":\"Comp000001\",\"dstport\":\"443\"}", CRLF, "Comp000001");
    web(
        "{\"time\":\"172800\",\"dstdevice\":\"EnterpriseAppServer\",\"dstport\":\"80\"}",
        CRLF,
        "EnterpriseAppServer");
    add(text(""), CRLF, Verdict.BLANK);
    add(text("  \t  "), LF, Verdict.BLANK);
    add(text("   "), CRLF, Verdict.BLANK);
    add(text(HEADER_RECORD), LF, Verdict.OTHER_FLOW);
    reject("{\"time\":\"172801\",\"dstdevice\":\"Comp000002\",\"dstport\":\"4", NOT_JSON);
    reject("connection reset by peer", NOT_JSON);
    reject("{\"dstdevice\":\"Comp000001\",\"dstport\":\"80\"} {}", NOT_JSON);
    reject("{\"dstdevice\":\"Comp\u0000Nul\",\"dstport\":\"80\"}", NOT_JSON);
    add(withBytes(0xFF, 0xFE), LF, Verdict.rejected(INVALID_UTF8));
    add(withBytes(0xC3), CRLF, Verdict.rejected(INVALID_UTF8));
    reject("[{\"dstdevice\":\"Comp000001\",\"dstport\":\"443\"}]", NOT_AN_OBJECT);
    reject("\"Comp000001\"", NOT_AN_OBJECT);
    reject("{\"dstport\":\"80\",\"srcdevice\":\"Comp000003\"}", MISSING_DSTDEVICE);
    reject("{\"dstdevice\":\"\",\"dstport\":\"80\"}", INVALID_DSTDEVICE);
    reject("{\"dstdevice\":null,\"dstport\":\"80\"}", INVALID_DSTDEVICE);
    reject("{\"dstdevice\":275646,\"dstport\":\"80\"}", INVALID_DSTDEVICE);
    reject("{\"dstdevice\":\"Comp000001\",\"srcport\":\"80\"}", MISSING_DSTPORT);
    reject("{\"dstdevice\":\"Comp000001\",\"dstport\":80.0}", INVALID_DSTPORT);
    reject("{\"dstdevice\":\"Comp000001\",\"dstport\":true}", INVALID_DSTPORT);
    reject("{\"dstdevice\":\"Comp000001\",\"dstport\":{\"port\":80}}", INVALID_DSTPORT);
    reject("{\"dstdevice\":\"Comp000001\",\"dstport\":null}", INVALID_DSTPORT);
    web("{\"dstdevice\":\"Comp000001\",\"dstport\":443}", CRLF, "Comp000001");
    // The escaped and the raw UTF-8 spelling name the same device.
    web("{\"dstdevice\":\"Comp\\u00e9\",\"dstport\":\"443\"}", LF, "Comp\u00e9");
    web("{\"dstport\":\"80\",\"dstdevice\":\"Comp\u00e9\"}", LF, "Comp\u00e9");
    for (String port : new String[] {"\"080\"", "\" 80\"", "\"80.0\"", "\"Port00080\"", "\"53\""}) {
      add(text("{\"dstdevice\":\"Comp000001\",\"dstport\":" + port + "}"), LF, Verdict.OTHER_FLOW);
    }
    String deepArray = "[".repeat(DEPTH) + "]".repeat(DEPTH);
    reject("{\"dstdevice\":\"Deep\",\"dstport\":\"80\",\"nested\":" + deepArray + "}", TOO_DEEP);
    reject("{\"x\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH), TOO_DEEP);
    // Unknown fields, nested values, an odd key order.
    web(
        "{\"zz\":{\"a\":[1,{\"b\":null}],\"c\":\"}\"},\"dstport\":\"443\",\"n\":1.5e300,"
            + "\"dstdevice\":\"ActiveDirectory\",\"t\":true}",
        LF,
        "ActiveDirectory");
    // A repeated key: the last one wins.
    web("{\"dstdevice\":\"Comp000003\",\"dstport\":\"22\",\"dstport\":\"80\"}", LF, "Comp000003");
    web("  {\"dstdevice\":\"Comp000001\",\"dstport\":\"80\"}\t", CRLF, "Comp000001");
    add(hugeLine(), LF, Verdict.rejected(TOO_LARGE));
    web(
        "{\"srcdevice\":\"Comp000009\",\"dstport\":\"443\",\"dstdevice\":\"Comp000001\"}",
        NONE,
        "Comp000001");
  }

  private void web(String line, String ending, String dstdevice) {
    add(text(line), ending, Verdict.webFlow(dstdevice));
  }

  private void reject(String line, RejectReason reason) {
    add(text(line), LF, Verdict.rejected(reason));
  }

  private void add(byte[] content, String ending, Verdict expected) {
    lines.add(new Line(lines.size() + 1, content, expected));
    endings.add(ending);
  }

  /** The lines that must be rejected, by line number. */
  Map<Long, Line> rejectedLines() {
    Map<Long, Line> rejected = new HashMap<>();
    for (Line line : lines) {
      if (line.expected().kind() == LineKind.REJECTED) {
        rejected.put(line.number(), line);
      }
    }
    return rejected;
  }

  /** Web flows per dstdevice. */
  Map<String, Long> expectedCounts() {
    Map<String, Long> counts = new HashMap<>();
    for (Line line : lines) {
      if (line.expected().isWebFlow()) {
        counts.merge(line.expected().dstdevice(), 1L, Long::sum);
      }
    }
    return counts;
  }

  /** Rejected lines per reason. */
  Map<RejectReason, Long> expectedRejected() {
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    for (Line line : lines) {
      if (line.expected().isRejected()) {
        rejected.merge(line.expected().reason(), 1L, Long::sum);
      }
    }
    return rejected;
  }

  /** Non-blank lines. */
  long expectedRecords() {
    return lines.stream().filter(line -> line.expected().kind() != LineKind.BLANK).count();
  }

  private static byte[] hugeLine() {
    byte[] open = text("{\"dstdevice\":\"Huge\",\"dstport\":\"80\",\"pad\":\"");
    byte[] close = text("\"}");
    byte[] line = new byte[HUGE_LINE_BYTES];
    Arrays.fill(line, (byte) 'x');
    System.arraycopy(open, 0, line, 0, open.length);
    System.arraycopy(close, 0, line, line.length - close.length, close.length);
    return line;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A web flow but for bytes that are not UTF-8 in its dstdevice. */
  private static byte[] withBytes(int... invalid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text("{\"dstdevice\":\"Comp"));
    for (int b : invalid) {
      out.write(b);
    }
    out.writeBytes(text("\",\"dstport\":\"80\"}"));
    return out.toByteArray();
  }
}
