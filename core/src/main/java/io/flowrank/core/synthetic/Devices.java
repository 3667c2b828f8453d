package io.flowrank.core.synthetic;

import java.util.SplittableRandom;

/**
 * LANL-style device names packed into an int, so a population of a million devices is an int array
 * rather than a million strings: codes below {@link #IP_BASE} are {@code CompNNNNNN}, the next
 * million {@code IPNNNNNN}, codes from {@link #NAMED_BASE} the named servers.
 */
final class Devices {

  static final int ANONYMISED = 1_000_000;
  static final int IP_BASE = ANONYMISED;
  static final int NAMED_BASE = 2 * ANONYMISED;

  /** Comp and IP codes together: the size of the space tail devices are drawn from. */
  static final int ANONYMISED_CODES = NAMED_BASE;

  private static final String[] NAMED = {"EnterpriseAppServer", "ActiveDirectory", "VPN"};
  static final int ENTERPRISE_APP_SERVER = NAMED_BASE;
  static final int ACTIVE_DIRECTORY = NAMED_BASE + 1;
  static final int VPN = NAMED_BASE + 2;

  private static final char[] COMP = "Comp".toCharArray();
  private static final char[] IP = "IP".toCharArray();

  private Devices() {}

  static int comp(int number) {
    return number;
  }

  static int ip(int number) {
    return IP_BASE + number;
  }

  /** A device seen in the wild: mostly a workstation, sometimes an IP, now and then a server. */
  static int random(SplittableRandom random, int namedPercent) {
    int roll = random.nextInt(100);
    if (roll < namedPercent) {
      return NAMED_BASE + random.nextInt(NAMED.length);
    }
    return anonymised(random);
  }

  /** A {@code CompNNNNNN} four times out of five, otherwise an {@code IPNNNNNN}. */
  static int anonymised(SplittableRandom random) {
    int number = random.nextInt(ANONYMISED);
    return random.nextInt(5) == 0 ? ip(number) : comp(number);
  }

  /** Writes the name of {@code code} into {@code out} from 0 and returns its length. */
  static int format(int code, char[] out) {
    if (code >= NAMED_BASE) {
      String name = NAMED[code - NAMED_BASE];
      name.getChars(0, name.length(), out, 0);
      return name.length();
    }
    char[] prefix = code >= IP_BASE ? IP : COMP;
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    return Digits.padded(code % ANONYMISED, 6, out, prefix.length);
  }

  static String name(int code) {
    char[] out = new char[32];
    return new String(out, 0, format(code, out));
  }
}
