package io.netzer.export;

/**
 * What a terminal line shows beyond NetZer's default, in tcpdump's terms.
 *
 * @param time             the time column ({@code -t} to {@code -ttttt})
 * @param nanoseconds      nine fractional digits instead of six ({@code --time-stamp-precision=nano})
 * @param packetNumbers    the packet's number first ({@code -#})
 * @param linkHeader       the link-level header after the time ({@code -e})
 * @param verbosity        how many {@code -v} were given
 * @param dump             the packet's bytes after the line ({@code -x}, {@code -xx}, {@code -X}, {@code -XX},
 *                         {@code -A})
 * @param lineBuffered     write each line out at once ({@code -l})
 * @param absoluteSequence TCP sequence numbers as on the wire ({@code -S}) instead of relative to the first seen
 */
public record TextOptions(TimeColumn.Format time, boolean nanoseconds, boolean packetNumbers, boolean linkHeader,
        int verbosity, PayloadDump.Mode dump, boolean lineBuffered, boolean absoluteSequence) {

    /** NetZer's default line: time of day in microseconds, nothing more. */
    public static final TextOptions DEFAULT = new TextOptions(TimeColumn.Format.TIME_OF_DAY, false, false, false, 0,
            PayloadDump.Mode.NONE, false, false);

    /** The same options with nanoseconds on or off. */
    public TextOptions withNanoseconds(boolean on) {
        return new TextOptions(time, on, packetNumbers, linkHeader, verbosity, dump, lineBuffered, absoluteSequence);
    }
}
