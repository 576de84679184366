package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * UDP header (RFC 768).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class UdpHeader {
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = SOURCE_PORT_OFFSET + 2;
    /** Offset of the length. */
    public static final int LENGTH_OFFSET = DESTINATION_PORT_OFFSET + 2;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = LENGTH_OFFSET + 2;
    /** Header length. */
    public static final int HEADER_LENGTH = CHECKSUM_OFFSET + 2;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int status;

    /**
     * Points the view at a header.
     *
     * @return the header length, or {@link DecodeStatus#TRUNCATED_UDP}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < HEADER_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_UDP, HEADER_LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        status = length() < HEADER_LENGTH ? fault.record(DecodeStatus.BAD_UDP_LENGTH, HEADER_LENGTH, length()) : 0;
        return HEADER_LENGTH;
    }

    /** 0, or {@link DecodeStatus#BAD_UDP_LENGTH}'s code when the length field is below the header length. */
    public int status() {
        return status;
    }

    /** Source port. */
    public int sourcePort() {
        return Wire.u16(segment, offset + SOURCE_PORT_OFFSET);
    }

    /** Destination port. */
    public int destinationPort() {
        return Wire.u16(segment, offset + DESTINATION_PORT_OFFSET);
    }

    /** Length field (header and data). */
    public int length() {
        return Wire.u16(segment, offset + LENGTH_OFFSET);
    }

    /** Checksum as on the wire. */
    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
