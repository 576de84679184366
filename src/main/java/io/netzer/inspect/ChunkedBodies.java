package io.netzer.inspect;

import io.netzer.app.Malformation;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Steps over chunked message bodies (RFC 9112 section 7.1) in stream directions, byte by byte as they are
 * delivered, so that the next message of a keep-alive or pipelined stream is found without buffering the body:
 *
 * <pre>
 * chunked-body = *chunk last-chunk trailer-section CRLF
 * chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * last-chunk   = 1*("0") [ chunk-ext ] CRLF
 * </pre>
 * Chunk data is skipped by count; only the size lines and the trailer are read. Caps: 15 hexadecimal digits of
 * size (so a size fits a long), {@link #MAX_LINE} bytes of a size or trailer line, {@link #MAX_TRAILER} bytes of
 * trailer. Per-direction state is primitive arrays grown by doubling; nothing allocated per packet.
 */
final class ChunkedBodies {
    /** Longest chunk-size line (extensions included) or trailer line. */
    static final int MAX_LINE = 4096;
    /** Longest trailer section. */
    static final int MAX_TRAILER = 8192;

    private static final byte NONE = 0;
    private static final byte SIZE = 1;
    private static final byte EXTENSION = 2;
    private static final byte DATA = 3;
    private static final byte DATA_END = 4;
    private static final byte TRAILER_START = 5;
    private static final byte TRAILER_LINE = 6;
    private static final int MAX_SIZE_DIGITS = 15;

    private byte[] phase;
    private long[] remaining;
    private int[] lineBytes;
    private int[] digits;
    private int[] trailerBytes;
    private Malformation malformation = Malformation.NONE;

    ChunkedBodies(int directions) {
        phase = new byte[directions];
        remaining = new long[directions];
        lineBytes = new int[directions];
        digits = new int[directions];
        trailerBytes = new int[directions];
    }

    /** Makes room for {@code n} directions. */
    void ensure(int n) {
        if (n <= phase.length) {
            return;
        }
        phase = Arrays.copyOf(phase, n);
        remaining = Arrays.copyOf(remaining, n);
        lineBytes = Arrays.copyOf(lineBytes, n);
        digits = Arrays.copyOf(digits, n);
        trailerBytes = Arrays.copyOf(trailerBytes, n);
    }

    /** A chunked body starts in direction {@code s}. */
    void start(int s) {
        phase[s] = SIZE;
        remaining[s] = 0;
        lineBytes[s] = 0;
        digits[s] = 0;
        trailerBytes[s] = 0;
    }

    /** Forgets direction {@code s}'s body. */
    void clear(int s) {
        phase[s] = NONE;
    }

    /** True while direction {@code s} is inside a chunked body. */
    boolean inBody(int s) {
        return phase[s] != NONE;
    }

    /** The flaw that made the last {@link #walk} return -1. */
    Malformation malformation() {
        return malformation;
    }

    /**
     * Walks up to {@code length} bytes of direction {@code s}'s body.
     *
     * @return the bytes that belong to the body (fewer than {@code length} when it ended: {@link #inBody} is then
     *         false), or -1 when the chunk framing is broken ({@link #malformation()})
     */
    int walk(int s, MemorySegment data, long offset, int length) {
        int i = 0;
        while (i < length && phase[s] != NONE) {
            if (phase[s] == DATA) {
                int n = (int) Math.min(remaining[s], length - i);
                remaining[s] -= n;
                i += n;
                if (remaining[s] == 0) {
                    phase[s] = DATA_END;
                }
                continue;
            }
            int b = data.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff;
            i++;
            if (!step(s, b)) {
                phase[s] = NONE;
                return -1;
            }
        }
        return i;
    }

    /** One byte of a size line, a chunk's line end or the trailer; false when the framing is broken. */
    private boolean step(int s, int b) {
        switch (phase[s]) {
            case SIZE -> {
                int digit = Character.digit(b, 16);
                if (digit >= 0) {
                    if (++digits[s] > MAX_SIZE_DIGITS) {
                        return broken(Malformation.HTTP_CHUNK_TOO_LONG);
                    }
                    remaining[s] = remaining[s] << 4 | digit;
                    return line(s);
                }
                if (digits[s] == 0) {
                    return broken(Malformation.HTTP_BAD_CHUNK);
                }
                phase[s] = EXTENSION;
                return b == '\n' ? sizeLineEnd(s) : line(s);
            }
            case EXTENSION -> {
                return b == '\n' ? sizeLineEnd(s) : line(s);
            }
            case DATA_END -> {
                if (b == '\n') {
                    phase[s] = SIZE;
                    remaining[s] = 0;
                    digits[s] = 0;
                    lineBytes[s] = 0;
                    return true;
                }
                return b == '\r' || broken(Malformation.HTTP_BAD_CHUNK);
            }
            case TRAILER_START -> {
                if (b == '\n') {
                    phase[s] = NONE;
                    return true;
                }
                if (b != '\r') {
                    phase[s] = TRAILER_LINE;
                }
                return trailer(s);
            }
            default -> {
                if (b == '\n') {
                    phase[s] = TRAILER_START;
                }
                return trailer(s);
            }
        }
    }

    private boolean sizeLineEnd(int s) {
        lineBytes[s] = 0;
        phase[s] = remaining[s] == 0 ? TRAILER_START : DATA;
        return true;
    }

    private boolean line(int s) {
        return ++lineBytes[s] <= MAX_LINE || broken(Malformation.HTTP_CHUNK_TOO_LONG);
    }

    private boolean trailer(int s) {
        return ++trailerBytes[s] <= MAX_TRAILER || broken(Malformation.HTTP_CHUNK_TOO_LONG);
    }

    private boolean broken(Malformation reason) {
        malformation = reason;
        return false;
    }
}
