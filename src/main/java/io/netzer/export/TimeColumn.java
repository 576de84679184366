package io.netzer.export;

/**
 * The time column of a text line in tcpdump's formats ({@code -t} to {@code -ttttt}), written into a caller's char
 * array without allocating. Deltas are taken between timestamps already cut to the printed precision, as tcpdump
 * does (libpcap truncates a nanosecond file's times to microseconds before tcpdump subtracts them).
 */
public final class TimeColumn {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Characters {@link Timestamps#rfc3339} writes: {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}. */
    private static final int RFC3339_LENGTH = 30;
    private static final int DATE_LENGTH = 10;

    /** tcpdump's time formats, in the order of the number of {@code -t} letters. */
    public enum Format {
        /** No {@code -t}: the time of day. */
        TIME_OF_DAY,
        /** {@code -t}: no time at all. */
        NONE,
        /** {@code -tt}: seconds since the epoch. */
        EPOCH,
        /** {@code -ttt}: time since the previous packet. */
        DELTA_PREVIOUS,
        /** {@code -tttt}: date and time of day. */
        DATE_AND_TIME,
        /** {@code -ttttt}: time since the first packet. */
        DELTA_FIRST
    }

    private final Format format;
    private final long zoneOffsetSeconds;
    private final int fractionDigits;
    private final long unit;
    private boolean seen;
    private long reference;

    /**
     * A time column.
     *
     * @param zoneOffsetSeconds the local zone's offset from UTC, for times of day
     * @param nanoseconds       nine fractional digits instead of six
     */
    public TimeColumn(Format format, long zoneOffsetSeconds, boolean nanoseconds) {
        this.format = format;
        this.zoneOffsetSeconds = zoneOffsetSeconds;
        this.fractionDigits = nanoseconds ? 9 : 6;
        this.unit = nanoseconds ? 1 : 1000;
    }

    /** Whether the column is printed at all. */
    public boolean present() {
        return format != Format.NONE;
    }

    /** Writes the time of a packet; returns the position after it (no trailing space). */
    public int write(long epochNanos, char[] out, int position) {
        long at = Math.floorDiv(epochNanos, unit) * unit;
        return switch (format) {
            case NONE -> position;
            case TIME_OF_DAY -> Timestamps.timeOfDay(at, zoneOffsetSeconds, fractionDigits, out, position);
            case EPOCH -> epoch(at, out, position);
            case DATE_AND_TIME -> dateAndTime(at, out, position);
            case DELTA_PREVIOUS, DELTA_FIRST -> delta(at, out, position);
        };
    }

    private int epoch(long at, char[] out, int position) {
        position = AddressFormat.decimal(Math.floorDiv(at, NANOS_PER_SECOND), out, position);
        out[position++] = '.';
        return fraction(Math.floorMod(at, NANOS_PER_SECOND), out, position);
    }

    private int dateAndTime(long at, char[] out, int position) {
        long local = at + zoneOffsetSeconds * NANOS_PER_SECOND;
        position = Timestamps.rfc3339(local, out, position);
        // rfc3339 wrote YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ: tcpdump puts a space between date and time, no zone.
        int date = position - RFC3339_LENGTH;
        out[date + DATE_LENGTH] = ' ';
        return position - 1 - (9 - fractionDigits);
    }

    /**
     * tcpdump prints a delta as {@code HH:MM:SS.fraction} behind a sign column (a space when positive); whole days
     * are not folded away, so 25 hours print as {@code 25:00:00}.
     */
    private int delta(long at, char[] out, int position) {
        if (!seen) {
            seen = true;
            reference = at;
        }
        long difference = at - reference;
        if (format == Format.DELTA_PREVIOUS) {
            reference = at;
        }
        out[position++] = difference < 0 ? '-' : ' ';
        long magnitude = Math.abs(difference);
        long seconds = magnitude / NANOS_PER_SECOND;
        position = two(seconds / 3600, out, position);
        out[position++] = ':';
        position = two(seconds / 60 % 60, out, position);
        out[position++] = ':';
        position = two(seconds % 60, out, position);
        out[position++] = '.';
        return fraction(magnitude % NANOS_PER_SECOND, out, position);
    }

    private static int two(long value, char[] out, int position) {
        if (value >= 100) {
            return AddressFormat.decimal(value, out, position);
        }
        out[position] = (char) ('0' + value / 10);
        out[position + 1] = (char) ('0' + value % 10);
        return position + 2;
    }

    private int fraction(long nanos, char[] out, int position) {
        long value = fractionDigits == 9 ? nanos : nanos / 1000;
        for (int i = position + fractionDigits - 1; i >= position; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return position + fractionDigits;
    }
}
