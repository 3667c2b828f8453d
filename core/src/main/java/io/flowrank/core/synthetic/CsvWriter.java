package io.flowrank.core.synthetic;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Format 3, the raw LANL CSV: the eleven fields in the order of docs/design.md §1.1, comma-separated, unquoted (no
 * generated value needs quotes), {@code \n} line ends, no header.
 *
 * <p>A corrupt row is malformed in one way only, so a reader finds the reason of its kind whatever
 * order it checks the CSV rules in: a row cut after one to ten fields or given a twelfth ({@link
 * CorruptionKind#WRONG_FIELD_COUNT}); eleven fields with an empty dstdevice; eleven fields whose
 * last opens a quote it never closes (a naive split still finds eleven fields and the dstdevice);
 * eleven fields with bytes that are not UTF-8 inside a non-empty dstdevice; and, accepted, a row
 * with dstdevice and dstport quoted. Which of these a slot becomes, and where a row is cut, comes
 * from a random source of its own, so the flows stay those of the other formats.
 */
final class CsvWriter extends RowWriter {

  private static final int FIELDS = CsvjsonObjects.FIELDS.length;
  private static final int DSTDEVICE = 3;

  /** Sequences strict UTF-8 decoders refuse (stray, cut, overlong, surrogate, above U+10FFFF). */
  private static final byte[][] NOT_UTF8 = {
    {(byte) 0xFF},
    {(byte) 0x80},
    {(byte) 0xC3},
    {(byte) 0xC0, (byte) 0xAF},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
  };

  /** Mixes the seed, so corruption details do not replay the flows' random numbers. */
  private static final long DETAIL_SEED_MIX = 0x6A09E667F3BCC909L;

  private final SplittableRandom detail;
  private final LineBuffer line = new LineBuffer();
  private final char[] chars = new char[32];
  /** Where field i of the rendered row starts; the entry after the last is the length plus one. */
  private final int[] starts = new int[FIELDS + 1];

  CsvWriter(long seed) {
    this.detail = new SplittableRandom(seed ^ DETAIL_SEED_MIX);
  }

  @Override
  boolean header() {
    return false; // the LANL files have none
  }

  @Override
  void flow(Flow flow) throws IOException {
    render(flow, true, false);
    emitWhole();
  }

  @Override
  CorruptionKind truncated(Flow flow, int jsonLinesCut) throws IOException {
    render(flow, true, false);
    if (detail.nextInt(3) == 0) {
      line.writeTo(out, line.length());
      out.write(',');
      out.write('0');
      out.write('\n');
    } else {
      int kept = detail.nextInt(1, FIELDS);
      line.writeTo(out, starts[kept] - 1); // without the comma after the last field kept
      out.write('\n');
    }
    return CorruptionKind.WRONG_FIELD_COUNT;
  }

  @Override
  CorruptionKind text(Flow flow, String text) throws IOException {
    render(flow, true, false);
    if (detail.nextBoolean()) {
      int last = starts[FIELDS - 1];
      line.writeTo(out, 0, last);
      out.write('"');
      line.writeTo(out, last, line.length());
      out.write('\n');
      return CorruptionKind.UNBALANCED_QUOTES;
    }
    int from = starts[DSTDEVICE];
    int to = starts[DSTDEVICE + 1] - 1;
    // After the dstdevice's first character, so it stays non-empty whatever a reader decodes.
    int at = from + 1 + detail.nextInt(to - from);
    line.writeTo(out, 0, at);
    out.write(NOT_UTF8[detail.nextInt(NOT_UTF8.length)]);
    line.writeTo(out, at, line.length());
    out.write('\n');
    return CorruptionKind.INVALID_UTF8;
  }

  @Override
  CorruptionKind missingDstdevice(Flow flow) throws IOException {
    render(flow, false, false);
    emitWhole();
    return CorruptionKind.EMPTY_DSTDEVICE;
  }

  @Override
  CorruptionKind numericDstport(Flow flow) throws IOException {
    render(flow, true, true);
    emitWhole();
    return CorruptionKind.QUOTED_FIELDS;
  }

  @Override
  CorruptionKind emptyLine() throws IOException {
    out.write('\n');
    return CorruptionKind.EMPTY_LINE;
  }

  private void emitWhole() throws IOException {
    line.writeTo(out, line.length());
    out.write('\n');
  }

  private void render(Flow flow, boolean withDstdevice, boolean quoteKeys) {
    line.reset();
    field(0, Digits.plain(flow.time, chars, 0), false);
    field(1, Digits.plain(flow.duration, chars, 0), false);
    field(2, Devices.format(flow.srcdevice, chars), false);
    field(3, withDstdevice ? Devices.format(flow.dstdevice, chars) : 0, quoteKeys);
    field(4, Digits.plain(flow.protocol, chars, 0), false);
    field(5, Flow.formatPort(flow.srcport, chars), false);
    field(6, Flow.formatPort(flow.dstport, chars), quoteKeys);
    field(7, Digits.plain(flow.srcpackets, chars, 0), false);
    field(8, Digits.plain(flow.dstpackets, chars, 0), false);
    field(9, Digits.plain(flow.srcbytes, chars, 0), false);
    field(10, Digits.plain(flow.dstbytes, chars, 0), false);
    starts[FIELDS] = line.length() + 1;
  }

  /** Appends field {@code index}, the first {@code length} chars of {@code chars}. */
  private void field(int index, int length, boolean quoted) {
    if (index > 0) {
      line.write(',');
    }
    starts[index] = line.length();
    if (quoted) {
      line.write('"');
    }
    line.writeAscii(chars, 0, length);
    if (quoted) {
      line.write('"');
    }
  }
}
