package io.netzer.export;

/**
 * Writes nanosecond epoch timestamps as text into a caller's char array without allocating: RFC 3339 in UTC
 * for events, and the time of day for terminal lines (tcpdump's habit). The calendar arithmetic is Howard
 * Hinnant's days-from-civil inverse (https://howardhinnant.github.io/date_algorithms.html#civil_from_days).
 */
public final class Timestamps {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private Timestamps() {
    }

    /** RFC 3339 UTC with nine fractional digits. */
    public static int rfc3339(long epochNanos, char[] out, int position) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        long secondOfDay = Math.floorMod(seconds, SECONDS_PER_DAY);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
        long month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        position = digits(year, 4, out, position);
        out[position++] = '-';
        position = digits(month, 2, out, position);
        out[position++] = '-';
        position = digits(day, 2, out, position);
        out[position++] = 'T';
        position = clock(secondOfDay, nanos, 9, out, position);
        out[position++] = 'Z';
        return position;
    }

    /**
     * The time of day {@code HH:MM:SS.fraction} of an epoch timestamp shifted by {@code offsetSeconds} (the
     * local zone's offset), with 6 or 9 fractional digits.
     */
    public static int timeOfDay(long epochNanos, long offsetSeconds, int fractionDigits, char[] out, int position) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND) + offsetSeconds;
        long nanos = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        return clock(Math.floorMod(seconds, SECONDS_PER_DAY), nanos, fractionDigits, out, position);
    }

    private static int clock(long secondOfDay, long nanos, int fractionDigits, char[] out, int position) {
        position = digits(secondOfDay / 3600, 2, out, position);
        out[position++] = ':';
        position = digits(secondOfDay / 60 % 60, 2, out, position);
        out[position++] = ':';
        position = digits(secondOfDay % 60, 2, out, position);
        out[position++] = '.';
        long fraction = fractionDigits == 9 ? nanos : nanos / 1000;
        return digits(fraction, fractionDigits, out, position);
    }

    private static int digits(long value, int count, char[] out, int position) {
        for (int i = position + count - 1; i >= position; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return position + count;
    }
}
