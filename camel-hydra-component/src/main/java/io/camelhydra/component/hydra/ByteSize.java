package io.camelhydra.component.hydra;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes written the way Docker users write them: {@code 512m}, {@code 1g}, {@code 64k}, {@code 1048576}. */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?");

    private ByteSize() {
    }

    /**
     * @param  option                   the option name, for the error message
     * @throws IllegalArgumentException naming the option and showing accepted forms
     */
    public static long parse(String option, String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("Option " + option + " has an invalid size '" + value
                    + "': use a number of bytes or a number with k, m, g or t (e.g. 512m, 1g).");
        }
        long number = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return number << shift;
    }

    /** A size for people: {@code 512 MiB}. */
    public static String format(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return (long) value + " " + units[unit];
    }
}
