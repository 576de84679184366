package io.netzer.cli;

import io.netzer.capture.Direction;
import io.netzer.capture.LiveRingConfig;
import io.netzer.export.PayloadDump;
import io.netzer.export.TextOptions;
import io.netzer.export.TimeColumn;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * tcpdump's letters that NetZer takes with tcpdump's meaning, kept apart from {@link NetzerCommand}'s own options
 * (a picocli mixin). Repeated letters count ({@code -vv}, {@code -tttt}, {@code -xx}) and bundle as tcpdump's do
 * ({@code -nnvvXS}, {@code -ni any}): picocli clusters single-letter options, a letter that takes a value last.
 */
public final class TcpdumpOptions {
    /** tcpdump's {@code -C} counts millions of bytes. */
    static final long MILLION = 1_000_000L;
    /** The smallest ring block {@code -B} makes: one page. */
    private static final int MIN_BLOCK_SIZE = 4096;

    @Option(names = "-n", description = "Do not resolve addresses or ports (-nn too): NetZer never resolves.")
    boolean[] numeric = new boolean[0];

    @Option(names = {"-K", "--dont-verify-checksums"}, description = "Do not verify checksums (which only -vv does).")
    boolean noChecksums;

    @Option(names = {"-S", "--absolute-tcp-sequence-numbers"},
            description = "Print absolute TCP sequence numbers (the default is relative, as tcpdump).")
    boolean absoluteSequence;

    @Option(names = {"-#", "--number"}, description = "Print the packet's number at the start of its line.")
    boolean packetNumbers;

    @Option(names = "-e", description = "Print the link-level header on each line.")
    boolean linkHeader;

    @Option(names = "-v", description = "More detail: IP header fields (-vv, -vvv as tcpdump).")
    boolean[] verbose = new boolean[0];

    @Option(names = "-t", description = "Time column: -t none, -tt epoch seconds, -ttt delta to the previous packet, "
            + "-tttt date and time, -ttttt delta to the first packet.")
    boolean[] time = new boolean[0];

    @Option(names = "--time-stamp-precision", paramLabel = "micro|nano",
            description = "Time stamps in microseconds or nanoseconds, in text and in -w files.")
    String precision;

    @Option(names = "-x", description = "Print each packet in hex after its line, without (-xx with) the link header.")
    boolean[] hex = new boolean[0];

    @Option(names = "-X", description = "Print each packet in hex and ASCII, without (-XX with) the link header.")
    boolean[] hexAndAscii = new boolean[0];

    @Option(names = "-A", description = "Print each packet in ASCII, without the link header.")
    boolean ascii;

    @Option(names = "-l", description = "Write each text line out as it is printed.")
    boolean lineBuffered;

    @Option(names = {"-U", "--packet-buffered"}, description = "With -w: write each ring block out as it is done.")
    boolean packetBuffered;

    @Option(names = "--print", description = "Print text lines even while writing -w.")
    boolean print;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "KiB", description = "Ring size in KiB (as ring blocks).")
    Integer bufferKiB;

    @Option(names = "--immediate-mode", description = "Hand packets over at once (the shortest block timeout).")
    boolean immediate;

    @Option(names = {"-D", "--list-interfaces"}, description = "List the interfaces NetZer can capture on, and exit.")
    boolean listInterfaces;

    @Option(names = {"-L", "--list-data-link-types"}, description = "List the link types of -i's interface, and exit.")
    boolean listLinkTypes;

    @Option(names = {"-y", "--linktype"}, paramLabel = "TYPE", description = "The link type to capture with.")
    String linkType;

    @Option(names = {"-Q", "--direction"}, paramLabel = "in|out|inout",
            description = "Only packets received (in), sent (out) or both.")
    String direction;

    @Option(names = "-C", paramLabel = "MB", description = "Same as --rotate-size, in millions of bytes.")
    String fileSize;

    @Option(names = "-G", paramLabel = "SECONDS", description = "Same as --rotate-seconds.")
    Integer rotateSeconds;

    @Option(names = "-W", paramLabel = "N",
            description = "With -C, a ring of N files (FILE0 ... FILE<N-1>); with -G alone, stop after N files.")
    Integer fileCount;

    @Option(names = "-z", paramLabel = "COMMAND", hidden = true, description = "Refused: see the README.")
    String postRotateCommand;

    /** What the text sink should show. */
    TextOptions textOptions() {
        PayloadDump.Mode dump = hexAndAscii.length > 0
                ? (hexAndAscii.length > 1 ? PayloadDump.Mode.HEX_ASCII_LINK : PayloadDump.Mode.HEX_ASCII)
                : hex.length > 0 ? (hex.length > 1 ? PayloadDump.Mode.HEX_LINK : PayloadDump.Mode.HEX)
                : ascii ? PayloadDump.Mode.ASCII : PayloadDump.Mode.NONE;
        return new TextOptions(TimeColumn.Format.values()[time.length], nanosecondTime(), packetNumbers,
                linkHeader, noChecksums ? Math.min(verbose.length, 1) : verbose.length, dump, lineBuffered,
                absoluteSequence);
    }

    /** Whether {@code --time-stamp-precision=nano} was asked. */
    boolean nanosecondTime() {
        return "nano".equals(precision);
    }

    /** Checks values that picocli cannot: exit status 2 for anything out of place. */
    void check(NetzerCommand options) {
        if (time.length >= TimeColumn.Format.values().length) {
            throw new UsageException("only -t, -tt, -ttt, -tttt and -ttttt are supported");
        }
        if (precision != null && !precision.equals("micro") && !precision.equals("nano")) {
            throw new UsageException("--time-stamp-precision: expected micro or nano, got '" + precision + "'");
        }
        if (postRotateCommand != null) {
            throw new UsageException("-z is refused: NetZer never starts a program after dropping privileges "
                    + "(run the command on the finished files instead)");
        }
        if (fileSize != null && options.rotateSize != null || rotateSeconds != null && options.rotateSeconds != null) {
            throw new UsageException("-C and -G are --rotate-size and --rotate-seconds: give one of each pair");
        }
        if (fileCount != null && fileCount < 1) {
            throw new UsageException("-W: expected a positive number of files, got " + fileCount);
        }
        boolean bySize = fileSize != null || options.rotateSize != null;
        boolean byTime = rotateSeconds != null || options.rotateSeconds != null;
        if (fileCount != null && !bySize && !byTime) {
            throw new UsageException("-W counts rotated files: give -C or -G too");
        }
        if (bufferKiB != null && bufferKiB < 1) {
            throw new UsageException("-B: expected a positive size in KiB, got " + bufferKiB);
        }
        if (bufferKiB != null && options.ringBlockSize != null) {
            throw new UsageException("-B sizes the ring: give -B or --ring-block-size, not both");
        }
        if (direction != null && !direction.equals("in") && !direction.equals("out") && !direction.equals("inout")) {
            throw new UsageException("-Q: expected in, out or inout, got '" + direction + "'");
        }
        if (options.readFile != null && (direction != null || linkType != null || bufferKiB != null || immediate)) {
            throw new UsageException("-r reads a file: -Q, -y, -B and --immediate-mode only apply to live capture");
        }
    }

    /**
     * Applies {@code -B} (the ring's size in KiB, as blocks of at most the configured block size, at least two),
     * {@code --immediate-mode} (a 1 ms block timeout, the shortest the kernel takes) and checks {@code -y}.
     */
    LiveRingConfig applyTo(LiveRingConfig config) {
        if (linkType != null) {
            List<String> offered = InterfaceListing.linkTypeNames(config.interfaceName());
            boolean known = offered.stream().anyMatch(type -> type.startsWith(linkType.toUpperCase(Locale.ROOT) + " "));
            if (!known) {
                throw new UsageException("-y " + linkType + ": " + config.interfaceName() + " is captured as "
                        + String.join(", ", offered) + " only");
            }
        }
        int blockSize = config.blockSize();
        int blockCount = config.blockCount();
        if (bufferKiB != null) {
            long total = bufferKiB * 1024L;
            while (blockSize > MIN_BLOCK_SIZE && total / blockSize < 2) {
                blockSize /= 2;
            }
            blockCount = (int) Math.max(2, Math.min(Integer.MAX_VALUE, total / blockSize));
        }
        int timeout = immediate ? 1 : config.blockTimeoutMillis();
        return config.withRing(blockSize, blockCount, timeout);
    }

    /** {@code -Q}'s direction (both ways without it). */
    Direction captureDirection() {
        return direction == null ? Direction.INOUT : Direction.valueOf(direction.toUpperCase(Locale.ROOT));
    }

    /** {@code -C} in bytes (millions of bytes, or k, M, G as powers of 1024 like tcpdump's), or null. */
    Long rotateBytes() {
        if (fileSize == null) {
            return null;
        }
        long value = UsageCheck.size("-C", fileSize);
        if (!Character.isDigit(fileSize.charAt(fileSize.length() - 1))) {
            return value;
        }
        if (value > Long.MAX_VALUE / MILLION) {
            throw new UsageException("-C: " + fileSize + " millions of bytes is too large");
        }
        return value * MILLION;
    }
}
