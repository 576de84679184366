package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * TCP header (RFC 9293 section 3.1) and its options: MSS, window scale, SACK-permitted, SACK blocks
 * (RFC 2018) and timestamps (RFC 7323).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} accepts a header whose fixed part is present even when the options are cut or the data
 * offset is bad, so that ports and flags stay readable; {@link #status()} says what was wrong.
 */
public final class TcpHeader {
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = SOURCE_PORT_OFFSET + 2;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = DESTINATION_PORT_OFFSET + 2;
    /** Offset of the acknowledgment number. */
    public static final int ACKNOWLEDGMENT_OFFSET = SEQUENCE_OFFSET + 4;
    /** Offset of the data offset nibble. */
    public static final int DATA_OFFSET_OFFSET = ACKNOWLEDGMENT_OFFSET + 4;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = DATA_OFFSET_OFFSET + 1;
    /** Offset of the window. */
    public static final int WINDOW_OFFSET = FLAGS_OFFSET + 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = WINDOW_OFFSET + 2;
    /** Offset of the urgent pointer. */
    public static final int URGENT_POINTER_OFFSET = CHECKSUM_OFFSET + 2;
    /** Header length without options. */
    public static final int MIN_HEADER_LENGTH = URGENT_POINTER_OFFSET + 2;

    /** FIN flag bit. */
    public static final int FIN = 0x01;
    /** SYN flag bit. */
    public static final int SYN = 0x02;
    /** RST flag bit. */
    public static final int RST = 0x04;
    /** PSH flag bit. */
    public static final int PSH = 0x08;
    /** ACK flag bit. */
    public static final int ACK = 0x10;
    /** URG flag bit. */
    public static final int URG = 0x20;
    /** ECE flag bit. */
    public static final int ECE = 0x40;
    /** CWR flag bit. */
    public static final int CWR = 0x80;
    /** SACK blocks kept: four fit in the 40 option bytes. */
    public static final int MAX_SACK_BLOCKS = 4;

    private static final int OPTION_END = 0;
    private static final int OPTION_NOP = 1;
    private static final int OPTION_MSS = 2;
    private static final int OPTION_WINDOW_SCALE = 3;
    private static final int OPTION_SACK_PERMITTED = 4;
    private static final int OPTION_SACK = 5;
    private static final int OPTION_TIMESTAMPS = 8;

    private final LengthFault fault = new LengthFault();
    private final long[] sackLeft = new long[MAX_SACK_BLOCKS];
    private final long[] sackRight = new long[MAX_SACK_BLOCKS];
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int headerLength;
    private int status;
    private int mss;
    private int windowScale;
    private boolean sackPermitted;
    private int sackBlocks;
    private long timestampValue;
    private long timestampEcho;
    private boolean timestamps;

    /**
     * Points the view at a header and reads its options.
     *
     * @return the header length (the bytes present when options are cut), or
     *         {@link DecodeStatus#TRUNCATED_TCP}'s code when not even the fixed part is present
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < MIN_HEADER_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_TCP, MIN_HEADER_LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        int declared = (Wire.u8(segment, offset + DATA_OFFSET_OFFSET) >>> 4) * 4;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        sackBlocks = 0;
        timestamps = false;
        if (declared < MIN_HEADER_LENGTH) {
            status = fault.record(DecodeStatus.BAD_TCP_DATA_OFFSET, MIN_HEADER_LENGTH, declared);
            headerLength = MIN_HEADER_LENGTH;
            return headerLength;
        }
        status = declared > available ? fault.record(DecodeStatus.TRUNCATED_TCP, declared, available) : 0;
        headerLength = Math.min(declared, available);
        readOptions(offset + MIN_HEADER_LENGTH, offset + headerLength);
        return headerLength;
    }

    private void readOptions(long position, long end) {
        while (position < end) {
            int kind = Wire.u8(segment, position);
            if (kind == OPTION_END) {
                return;
            }
            if (kind == OPTION_NOP) {
                position++;
                continue;
            }
            if (end - position < 2) {
                return;
            }
            int length = Wire.u8(segment, position + 1);
            if (length < 2 || end - position < length) {
                return;
            }
            readOption(kind, length, position);
            position += length;
        }
    }

    private void readOption(int kind, int length, long position) {
        switch (kind) {
            case OPTION_MSS -> {
                if (length == 4) {
                    mss = Wire.u16(segment, position + 2);
                }
            }
            case OPTION_WINDOW_SCALE -> {
                if (length == 3) {
                    windowScale = Wire.u8(segment, position + 2);
                }
            }
            case OPTION_SACK_PERMITTED -> sackPermitted = length == 2;
            case OPTION_SACK -> {
                int blocks = Math.min((length - 2) / 8, MAX_SACK_BLOCKS);
                for (int i = 0; i < blocks; i++) {
                    sackLeft[i] = Wire.u32(segment, position + 2 + i * 8L);
                    sackRight[i] = Wire.u32(segment, position + 6 + i * 8L);
                }
                sackBlocks = blocks;
            }
            case OPTION_TIMESTAMPS -> {
                if (length == 10) {
                    timestamps = true;
                    timestampValue = Wire.u32(segment, position + 2);
                    timestampEcho = Wire.u32(segment, position + 6);
                }
            }
            default -> {
                // Options NetZer does not name are skipped by their length.
            }
        }
    }

    /** 0, or the negative {@link DecodeStatus} code of a bad data offset or options cut by the capture. */
    public int status() {
        return status;
    }

    /** Header length as far as present (20 when the data offset is bad). */
    public int headerLength() {
        return headerLength;
    }

    /** The data offset field in bytes, as declared. */
    public int declaredHeaderLength() {
        return (Wire.u8(segment, offset + DATA_OFFSET_OFFSET) >>> 4) * 4;
    }

    /** Source port. */
    public int sourcePort() {
        return Wire.u16(segment, offset + SOURCE_PORT_OFFSET);
    }

    /** Destination port. */
    public int destinationPort() {
        return Wire.u16(segment, offset + DESTINATION_PORT_OFFSET);
    }

    /** Sequence number. */
    public long sequenceNumber() {
        return Wire.u32(segment, offset + SEQUENCE_OFFSET);
    }

    /** Acknowledgment number. */
    public long acknowledgmentNumber() {
        return Wire.u32(segment, offset + ACKNOWLEDGMENT_OFFSET);
    }

    /** The eight flag bits CWR..FIN. */
    public int flags() {
        return Wire.u8(segment, offset + FLAGS_OFFSET);
    }

    /** Window, unscaled. */
    public int window() {
        return Wire.u16(segment, offset + WINDOW_OFFSET);
    }

    /** Checksum as on the wire. */
    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** Urgent pointer. */
    public int urgentPointer() {
        return Wire.u16(segment, offset + URGENT_POINTER_OFFSET);
    }

    /** MSS option, or -1. */
    public int mss() {
        return mss;
    }

    /** Window scale shift, or -1. */
    public int windowScale() {
        return windowScale;
    }

    /** Whether SACK-permitted was offered. */
    public boolean sackPermitted() {
        return sackPermitted;
    }

    /** SACK blocks present (at most {@link #MAX_SACK_BLOCKS}). */
    public int sackBlockCount() {
        return sackBlocks;
    }

    /** Left edge of SACK block {@code i}. */
    public long sackLeft(int i) {
        return sackLeft[i];
    }

    /** Right edge of SACK block {@code i}. */
    public long sackRight(int i) {
        return sackRight[i];
    }

    /** Whether the timestamps option is present. */
    public boolean hasTimestamps() {
        return timestamps;
    }

    /** TSval. */
    public long timestampValue() {
        return timestampValue;
    }

    /** TSecr. */
    public long timestampEcho() {
        return timestampEcho;
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
