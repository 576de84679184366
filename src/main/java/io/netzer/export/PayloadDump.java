package io.netzer.export;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A packet's bytes after its text line, as tcpdump's {@code -x}, {@code -xx}, {@code -X}, {@code -XX} and
 * {@code -A} print them (tcpdump's util-print.c), written as ASCII into a caller's byte array:
 *
 * <pre>
 * hex:           "\n\t0x0000: " then " hhhh" per two bytes (a lone last byte " hh"), 16 bytes a line
 * hex and ASCII: the same, the hex padded to 40 columns, two spaces, then each byte if graphic (0x21-0x7e) or '.'
 * ASCII:         "\n" then each byte: graphic, tab, space and newline as they are, anything else '.'; a CR is
 *                dropped unless it stands before a byte other than a newline with more bytes after that
 * </pre>
 *
 * Nothing here allocates; the caller makes room with {@link #maxLength}.
 */
public final class PayloadDump {
    private static final int BYTES_PER_LINE = 16;
    private static final int HEX_COLUMN_WIDTH = 40;
    /** "\n\t0x0000: " (the offset widens past 0xffff, as %04x does), 40 hex columns, 2 spaces, 16 characters. */
    private static final int MAX_LINE_LENGTH = 12 + HEX_COLUMN_WIDTH + 2 + BYTES_PER_LINE;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** What to dump, and from where. */
    public enum Mode {
        /** Nothing. */
        NONE(false),
        /** {@code -x}: hex from the network header. */
        HEX(false),
        /** {@code -xx}: hex from the link header. */
        HEX_LINK(true),
        /** {@code -X}: hex and ASCII from the network header. */
        HEX_ASCII(false),
        /** {@code -XX}: hex and ASCII from the link header. */
        HEX_ASCII_LINK(true),
        /** {@code -A}: ASCII from the network header. */
        ASCII(false);

        private final boolean withLinkHeader;

        Mode(boolean withLinkHeader) {
            this.withLinkHeader = withLinkHeader;
        }

        /** Whether the dump starts at the link-layer header. */
        public boolean withLinkHeader() {
            return withLinkHeader;
        }
    }

    private PayloadDump() {
    }

    /** The most bytes {@link #write} writes for {@code length} bytes of packet. */
    public static int maxLength(Mode mode, int length) {
        return switch (mode) {
            case NONE -> 0;
            case ASCII -> 1 + length;
            default -> (length + BYTES_PER_LINE - 1) / BYTES_PER_LINE * MAX_LINE_LENGTH;
        };
    }

    /**
     * Writes the dump of {@code length} bytes at {@code offset} of {@code segment} into {@code out} from
     * {@code position}, which must have {@link #maxLength} bytes of room; returns the position after it.
     */
    public static int write(Mode mode, MemorySegment segment, long offset, int length, byte[] out, int position) {
        return switch (mode) {
            case NONE -> position;
            case ASCII -> ascii(segment, offset, length, out, position);
            case HEX, HEX_LINK -> hex(segment, offset, length, out, position, false);
            case HEX_ASCII, HEX_ASCII_LINK -> hex(segment, offset, length, out, position, true);
        };
    }

    private static int hex(MemorySegment segment, long offset, int length, byte[] out, int position,
            boolean withAscii) {
        for (int lineStart = 0; lineStart < length; lineStart += BYTES_PER_LINE) {
            int count = Math.min(BYTES_PER_LINE, length - lineStart);
            out[position++] = '\n';
            out[position++] = '\t';
            out[position++] = '0';
            out[position++] = 'x';
            position = hexNumber(lineStart, out, position);
            out[position++] = ':';
            out[position++] = ' ';
            int hexStart = position;
            for (int i = 0; i < count; i++) {
                if ((i & 1) == 0) {
                    out[position++] = ' ';
                }
                int b = Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, offset + lineStart + i));
                out[position++] = HEX_DIGITS[b >>> 4];
                out[position++] = HEX_DIGITS[b & 0xf];
            }
            if (withAscii) {
                while (position < hexStart + HEX_COLUMN_WIDTH) {
                    out[position++] = ' ';
                }
                out[position++] = ' ';
                out[position++] = ' ';
                for (int i = 0; i < count; i++) {
                    byte b = segment.get(ValueLayout.JAVA_BYTE, offset + lineStart + i);
                    out[position++] = graphic(b) ? b : (byte) '.';
                }
            }
        }
        return position;
    }

    /** {@code %04x}: at least four digits. */
    private static int hexNumber(int value, byte[] out, int position) {
        int digits = 4;
        while (digits < 8 && (value >>> (4 * digits)) != 0) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            out[position++] = HEX_DIGITS[(value >>> (4 * i)) & 0xf];
        }
        return position;
    }

    private static int ascii(MemorySegment segment, long offset, int length, byte[] out, int position) {
        out[position++] = '\n';
        for (int i = 0; i < length; i++) {
            byte b = segment.get(ValueLayout.JAVA_BYTE, offset + i);
            int left = length - i - 1;
            if (b == '\r') {
                if (left > 1 && segment.get(ValueLayout.JAVA_BYTE, offset + i + 1) != '\n') {
                    out[position++] = '.';
                }
            } else {
                out[position++] = graphic(b) || b == '\t' || b == ' ' || b == '\n' ? b : (byte) '.';
            }
        }
        return position;
    }

    private static boolean graphic(byte b) {
        return b > 0x20 && b < 0x7f;
    }
}
