package io.camelhydra.bench;

import java.util.List;

/**
 * Summary of measured durations in milliseconds. Median of an even count is the mean of the two middle values; p90 is
 * the nearest rank (with 10 samples: the 9th smallest).
 */
record Stats(int n, double median, double p90, double min) {

    static Stats ofNanos(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] ms = nanos.stream().mapToDouble(v -> v / 1e6).sorted().toArray();
        int n = ms.length;
        double median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        double p90 = ms[(int) Math.ceil(0.9 * n) - 1];
        return new Stats(n, median, p90, ms[0]);
    }
}
