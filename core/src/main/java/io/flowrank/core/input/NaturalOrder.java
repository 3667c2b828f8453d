package io.flowrank.core.input;

import java.util.Comparator;

/**
 * Natural file-name order: runs of digits compare by value, so {@code time_2} comes before {@code
 * time_10}. Ties (such as {@code a01} and {@code a1}) fall back to plain string order, so the order is
 * total and stable.
 */
public final class NaturalOrder implements Comparator<String> {

  public static final NaturalOrder INSTANCE = new NaturalOrder();

  private NaturalOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && isDigit(b.charAt(j))) {
          j++;
        }
        int cmp = compareDigits(a.substring(si, i), b.substring(sj, j));
        if (cmp != 0) {
          return cmp;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int cmp = Integer.compare(a.length() - i, b.length() - j);
    return cmp != 0 ? cmp : a.compareTo(b);
  }

  private static int compareDigits(String x, String y) {
    String a = stripZeros(x);
    String b = stripZeros(y);
    int cmp = Integer.compare(a.length(), b.length());
    return cmp != 0 ? cmp : a.compareTo(b);
  }

  private static String stripZeros(String digits) {
    int k = 0;
    while (k < digits.length() - 1 && digits.charAt(k) == '0') {
      k++;
    }
    return digits.substring(k);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
