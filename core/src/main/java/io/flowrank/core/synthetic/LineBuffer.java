package io.flowrank.core.synthetic;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes of the line being written, reused from line to line: the generator renders a record
 * here first so it can write it whole or cut.
 */
final class LineBuffer extends OutputStream {

  private byte[] bytes = new byte[512];
  private int length;

  @Override
  public void write(int b) {
    ensure(1);
    bytes[length++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, length, len);
    length += len;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  int length() {
    return length;
  }

  void reset() {
    length = 0;
  }

  /** Appends {@code chars} from {@code from} to {@code to}, each an ASCII character, as bytes. */
  void writeAscii(char[] chars, int from, int to) {
    ensure(to - from);
    for (int i = from; i < to; i++) {
      bytes[length++] = (byte) chars[i];
    }
  }

  /** Writes the first {@code count} bytes of the line to {@code out}. */
  void writeTo(OutputStream out, int count) throws IOException {
    out.write(bytes, 0, count);
  }

  /** Writes the bytes of the line from {@code from} to {@code to} to {@code out}. */
  void writeTo(OutputStream out, int from, int to) throws IOException {
    out.write(bytes, from, to - from);
  }
}
