package io.netzer.export;

import java.time.ZonedDateTime;

/**
 * The strftime(3) conversions tcpdump users put in {@code -w} patterns for time-based rotation: {@code %Y %m %d
 * %H %M %S %j %y %s %F %T %%}. Others are kept as written, so that a mistake shows in the file name.
 */
final class Strftime {
    private Strftime() {
    }

    static String format(String pattern, ZonedDateTime time) {
        StringBuilder out = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            char conversion = pattern.charAt(++i);
            switch (conversion) {
                case 'Y' -> out.append(time.getYear());
                case 'y' -> pad(out, time.getYear() % 100, 2);
                case 'm' -> pad(out, time.getMonthValue(), 2);
                case 'd' -> pad(out, time.getDayOfMonth(), 2);
                case 'H' -> pad(out, time.getHour(), 2);
                case 'M' -> pad(out, time.getMinute(), 2);
                case 'S' -> pad(out, time.getSecond(), 2);
                case 'j' -> pad(out, time.getDayOfYear(), 3);
                case 's' -> out.append(time.toEpochSecond());
                case 'F' -> out.append(format("%Y-%m-%d", time));
                case 'T' -> out.append(format("%H:%M:%S", time));
                case '%' -> out.append('%');
                default -> out.append('%').append(conversion);
            }
        }
        return out.toString();
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        out.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
    }
}
