package io.flowrank.core.rules;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

  private Utf8() {}

  static boolean isValid(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      int needed;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + needed >= end) {
        return false; // the sequence is cut short by the end of the line
      }
      int cp = b & (0x3F >> needed);
      for (int k = 1; k <= needed; k++) {
        int c = bytes[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += needed + 1;
    }
    return true;
  }
}
