package io.flowrank.core.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary encodings of flowrank's own values (the streams app's stores and repartition batches,
 * the producer's judged frames): unsigned LEB128 varints and length-prefixed UTF-8 strings, written
 * into a growable buffer and read back with a bounds check on every step, so a cut or foreign value
 * is an error that names where it broke, never a wrong number.
 */
public final class Varints {

  private Varints() {}

  /** Numbers names by their UTF-8 bytes (a table of the names met so far). */
  public interface NameNumbers {
    /** The number of the name whose UTF-8 bytes are {@code source[offset, offset + length)}. */
    int number(byte[] source, int offset, int length);
  }

  /** A growable buffer, reusable after {@link #take()}. */
  public static final class Writer {
    private byte[] bytes;
    private int length;

    public Writer(int capacity) {
      bytes = new byte[capacity];
    }

    public void writeByte(int b) {
      ensure(1);
      bytes[length++] = (byte) b;
    }

    /** {@code value} as an unsigned 64-bit number. */
    public void writeVarint(long value) {
      ensure(10);
      while ((value & ~0x7FL) != 0) {
        bytes[length++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      bytes[length++] = (byte) value;
    }

    public void writeString(byte[] utf8) {
      writeVarint(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, bytes, length, utf8.length);
      length += utf8.length;
    }

    /** {@code length} bytes of {@code source} from {@code offset}, as they are. */
    public void writeBytes(byte[] source, int offset, int length) {
      ensure(length);
      System.arraycopy(source, offset, bytes, this.length, length);
      this.length += length;
    }

    /** {@code text} as {@link #writeString(byte[])} of its UTF-8 bytes. */
    public void writeString(String text) {
      writeString(text.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
      return length;
    }

    /** The bytes written; the writer is empty afterwards. */
    public byte[] take() {
      byte[] taken = Arrays.copyOf(bytes, length);
      length = 0;
      return taken;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }

  /** Reads a value from its first byte. */
  public static final class Reader {
    private final byte[] bytes;
    private final String what;
    private int at;
    private int lastName;
    private int lastNameLength;

    /**
     * @param what the value's name for error messages ("a web-flow batch")
     */
    public Reader(byte[] bytes, String what) {
      this.bytes = bytes;
      this.what = what;
    }

    public boolean hasMore() {
      return at < bytes.length;
    }

    public int readByte() {
      if (at >= bytes.length) {
        throw cut();
      }
      return bytes[at++] & 0xFF;
    }

    public long readVarint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (at >= bytes.length) {
          throw cut();
        }
        byte b = bytes[at++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException(
          what + " holds a varint longer than 64 bits at byte " + at);
    }

    public String readString() {
      return text(readLength());
    }

    /**
     * Reads a string written as {@link Writer#writeString} without making it: returns its number in
     * {@code names}; its bytes are then at {@link #lastName()} for {@link #lastNameLength()} in the
     * array read.
     */
    public int readNameNumber(NameNumbers names) {
      int length = readLength();
      int number = names.number(bytes, at, length);
      lastName = at;
      lastNameLength = length;
      at += length;
      return number;
    }

    /** Where the bytes of the last name {@link #readNameNumber} read start. */
    public int lastName() {
      return lastName;
    }

    /** How many bytes the last name {@link #readNameNumber} read has. */
    public int lastNameLength() {
      return lastNameLength;
    }

    /** Skips a string written as {@link Writer#writeString}, checked against the bytes left. */
    public void skipString() {
      int length = readLength(); // read first: it moves past the length's own bytes
      at += length;
    }

    /** Skips {@code count} bytes, checked against the bytes left. */
    public void skip(int count) {
      if (count < 0 || count > bytes.length - at) {
        throw cut();
      }
      at += count;
    }

    /** The place of the next byte to read. */
    public int position() {
      return at;
    }

    /** The bytes left, as UTF-8 text. */
    public String readRest() {
      return text(bytes.length - at);
    }

    /** The {@code length} bytes at the reader's place as UTF-8 text, read. */
    private String text(int length) {
      String text = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return text;
    }

    /** Reads a string's length, checked against the bytes left. */
    private int readLength() {
      long length = readVarint();
      if (length < 0 || length > bytes.length - at) {
        throw cut();
      }
      return (int) length;
    }

    private IllegalArgumentException cut() {
      return new IllegalArgumentException(what + " is cut at byte " + at);
    }
  }
}
