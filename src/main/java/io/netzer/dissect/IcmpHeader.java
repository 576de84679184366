package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443) share their first eight bytes: type, code, checksum and a 4-byte
 * field whose meaning depends on the type (echo identifier and sequence; unused, MTU or pointer in errors).
 * Errors quote the offending packet's IP header after those eight bytes; neighbour discovery (RFC 4861)
 * carries a target address there.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Identifier          |        Sequence Number        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Quoted header, or target address, or echo data ...
 * </pre>
 */
public final class IcmpHeader {
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the code. */
    public static final int CODE_OFFSET = TYPE_OFFSET + 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = CODE_OFFSET + 1;
    /** Offset of the echo identifier. */
    public static final int IDENTIFIER_OFFSET = CHECKSUM_OFFSET + 2;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE_OFFSET = IDENTIFIER_OFFSET + 2;
    /** Offset of a quoted header or a neighbour discovery target. */
    public static final int BODY_OFFSET = SEQUENCE_OFFSET + 2;
    /** Bytes needed for type, code and checksum. */
    public static final int MIN_LENGTH = IDENTIFIER_OFFSET;

    private static final int V4_ECHO_REPLY = 0;
    private static final int V4_ECHO_REQUEST = 8;
    private static final int V6_ECHO_REQUEST = 128;
    private static final int V6_ECHO_REPLY = 129;
    private static final int V6_NEIGHBOR_SOLICITATION = 135;
    private static final int V6_NEIGHBOR_ADVERTISEMENT = 136;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;
    private boolean version6;

    /**
     * Points the view at an ICMP or ICMPv6 header.
     *
     * @return the bytes the view covers, or {@link DecodeStatus#TRUNCATED_ICMP}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available, boolean version6) {
        if (available < MIN_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_ICMP, MIN_LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        this.available = available;
        this.version6 = version6;
        return Math.min(available, BODY_OFFSET);
    }

    /** Whether this is ICMPv6. */
    public boolean isVersion6() {
        return version6;
    }

    /** Type. */
    public int type() {
        return Wire.u8(segment, offset + TYPE_OFFSET);
    }

    /** Code. */
    public int code() {
        return Wire.u8(segment, offset + CODE_OFFSET);
    }

    /** Checksum as on the wire. */
    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** Whether this is an echo request or reply with its identifier and sequence present. */
    public boolean isEcho() {
        int type = type();
        boolean echo = version6 ? type == V6_ECHO_REQUEST || type == V6_ECHO_REPLY
                : type == V4_ECHO_REQUEST || type == V4_ECHO_REPLY;
        return echo && available >= BODY_OFFSET;
    }

    /** Echo identifier; meaningful when {@link #isEcho()}. */
    public int identifier() {
        return Wire.u16(segment, offset + IDENTIFIER_OFFSET);
    }

    /** Echo sequence number; meaningful when {@link #isEcho()}. */
    public int sequenceNumber() {
        return Wire.u16(segment, offset + SEQUENCE_OFFSET);
    }

    /** Whether this is an error message that quotes the offending packet. */
    public boolean isError() {
        int type = type();
        return version6 ? type >= 1 && type <= 4 : type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    /** Whether this is a neighbour solicitation or advertisement with its target address present. */
    public boolean isNeighborDiscovery() {
        int type = type();
        return version6 && (type == V6_NEIGHBOR_SOLICITATION || type == V6_NEIGHBOR_ADVERTISEMENT)
                && available >= BODY_OFFSET + 16;
    }

    /** Absolute offset of the quoted header or neighbour discovery target. */
    public long bodyOffset() {
        return offset + BODY_OFFSET;
    }

    /** Bytes of the message present (captured), its header included. */
    public int length() {
        return available;
    }

    /** Bytes present from {@link #bodyOffset()} on (0 when the message ends before). */
    public int bodyLength() {
        return Math.max(0, available - BODY_OFFSET);
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
