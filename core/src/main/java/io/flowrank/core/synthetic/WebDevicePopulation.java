package io.flowrank.core.synthetic;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The devices that receive web flows, ranked, with the share of web flows each receives.
 *
 * <p>The head is the notebook's top 20 ({@code EnterpriseAppServer}, {@code Comp576843}, ...) with
 * the notebook's proportions, scaled so the first holds {@value #TOP_SHARE} of the web flows. The
 * rest is a power-law tail of distinct random {@code CompNNNNNN}/{@code IPNNNNNN} devices that
 * continues from the 20th device's share, its exponent chosen so that head and tail add up to all
 * web flows: about 0.65 for 5,000 devices, 0.9 for a million. A population too small to hold the
 * remaining share even with a flat tail keeps the flat tail and a heavier head.
 *
 * <p>A draw is one uniform number and a binary search of the cumulative shares: O(log n) whatever
 * the size. Instances are immutable; the random source is passed in.
 */
final class WebDevicePopulation {

  static final double TOP_SHARE = 0.03;

  /** The notebook's static top 20 (day 3, 50 files of 10,000 lines): names and web-flow counts. */
  private static final int[] HEAD_CODES = {
    Devices.ENTERPRISE_APP_SERVER,
    Devices.comp(576843),
    Devices.comp(186884),
    Devices.comp(501516),
    Devices.comp(393033),
    Devices.comp(916004),
    Devices.comp(498128),
    Devices.comp(573929),
    Devices.comp(611862),
    Devices.comp(370444),
    Devices.comp(97048),
    Devices.comp(847595),
    Devices.comp(574103),
    Devices.comp(309567),
    Devices.comp(509586),
    Devices.comp(216677),
    Devices.comp(336938),
    Devices.comp(657655),
    Devices.comp(146745),
    Devices.comp(457448),
  };

  private static final int[] HEAD_COUNTS = {
    14199, 13837, 12497, 5742, 3712, 3263, 2813, 2554, 2351, 2345, 1954, 1863, 1598, 1551, 1494,
    1480, 1463, 1452, 1413, 1159
  };

  static final int HEAD_SIZE = HEAD_CODES.length;

  private final int[] codes;
  // cumulative[i] is the share of ranks 0..i; the last is exactly 1.
  private final double[] cumulative;
  private final double tailExponent;

  private WebDevicePopulation(int[] codes, double[] cumulative, double tailExponent) {
    this.codes = codes;
    this.cumulative = cumulative;
    this.tailExponent = tailExponent;
  }

  /** A population of {@code size} devices; the tail's names depend on {@code random} only. */
  static WebDevicePopulation create(int size, SplittableRandom random) {
    if (size < HEAD_SIZE || size > Devices.ANONYMISED_CODES / 4 * 3) {
      throw new IllegalArgumentException("unsupported population size " + size);
    }
    int[] codes = new int[size];
    System.arraycopy(HEAD_CODES, 0, codes, 0, HEAD_SIZE);
    BitSet taken = new BitSet(Devices.ANONYMISED_CODES);
    for (int code : HEAD_CODES) {
      if (code < Devices.ANONYMISED_CODES) {
        taken.set(code);
      }
    }
    for (int rank = HEAD_SIZE; rank < size; rank++) {
      int code;
      do {
        code = Devices.anonymised(random);
      } while (taken.get(code));
      taken.set(code);
      codes[rank] = code;
    }

    double[] weights = new double[size];
    double last = 0;
    double headMass = 0;
    for (int rank = 0; rank < HEAD_SIZE; rank++) {
      weights[rank] = TOP_SHARE * HEAD_COUNTS[rank] / HEAD_COUNTS[0];
      headMass += weights[rank];
      last = weights[rank];
    }
    double exponent = tailExponent(last, size, 1 - headMass);
    for (int rank = HEAD_SIZE; rank < size; rank++) {
      weights[rank] = last * Math.pow((double) HEAD_SIZE / (rank + 1), exponent);
    }
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double[] cumulative = new double[size];
    double sum = 0;
    for (int rank = 0; rank < size; rank++) {
      sum += weights[rank];
      cumulative[rank] = sum / total;
    }
    cumulative[size - 1] = 1.0;
    return new WebDevicePopulation(codes, cumulative, exponent);
  }

  /**
   * The exponent {@code s} for which tail ranks {@code k = 21..size}, weighted {@code last * (20 /
   * k)^s}, add up to {@code mass}; 0 (a flat tail) when even that is too little. The sum is taken
   * as its integral with the midpoint correction, exact enough to pick an exponent.
   */
  private static double tailExponent(double last, int size, double mass) {
    if (size == HEAD_SIZE || last * (size - HEAD_SIZE) <= mass) {
      return 0;
    }
    double low = 0;
    double high = 8;
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (tailMass(last, size, mid) > mass) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  private static double tailMass(double last, int size, double exponent) {
    double from = HEAD_SIZE + 0.5;
    double to = size + 0.5;
    double integral =
        Math.abs(1 - exponent) < 1e-9
            ? Math.log(to / from)
            : (Math.pow(to, 1 - exponent) - Math.pow(from, 1 - exponent)) / (1 - exponent);
    return last * Math.pow(HEAD_SIZE, exponent) * integral;
  }

  /** Draws a rank: the first whose cumulative share exceeds a uniform number. */
  int draw(SplittableRandom random) {
    double u = random.nextDouble();
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > u) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  int size() {
    return codes.length;
  }

  /** The device code of a rank (see {@link Devices}). */
  int code(int rank) {
    return codes[rank];
  }

  String name(int rank) {
    return Devices.name(codes[rank]);
  }

  /** The share of web flows a rank receives. */
  double share(int rank) {
    return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
  }

  double tailExponent() {
    return tailExponent;
  }
}
