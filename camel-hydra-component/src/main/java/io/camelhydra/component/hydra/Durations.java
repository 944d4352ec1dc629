package io.camelhydra.component.hydra;

import java.time.Duration;
import java.util.Locale;

/** Durations for people: {@code 2.3 s}, {@code 120 ms}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
