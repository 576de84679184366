package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * IPv4 header (RFC 791 section 3.1), options included in the header length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4Header {
    /** Offset of version and IHL. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the type of service (DSCP and ECN). */
    public static final int TOS_OFFSET = VERSION_IHL_OFFSET + 1;
    /** Offset of the total length. */
    public static final int TOTAL_LENGTH_OFFSET = TOS_OFFSET + 1;
    /** Offset of the identification. */
    public static final int IDENTIFICATION_OFFSET = TOTAL_LENGTH_OFFSET + 2;
    /** Offset of flags and fragment offset. */
    public static final int FLAGS_FRAGMENT_OFFSET = IDENTIFICATION_OFFSET + 2;
    /** Offset of the time to live. */
    public static final int TTL_OFFSET = FLAGS_FRAGMENT_OFFSET + 2;
    /** Offset of the protocol. */
    public static final int PROTOCOL_OFFSET = TTL_OFFSET + 1;
    /** Offset of the header checksum. */
    public static final int CHECKSUM_OFFSET = PROTOCOL_OFFSET + 1;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = CHECKSUM_OFFSET + 2;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = SOURCE_OFFSET + 4;
    /** Header length without options. */
    public static final int MIN_HEADER_LENGTH = DESTINATION_OFFSET + 4;
    private static final int DONT_FRAGMENT = 0x4000;
    private static final int MORE_FRAGMENTS = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int headerLength;
    private int payloadLength;
    private int status;

    /**
     * Points the view at a header and checks version, IHL and total length. Options cut by the capture or a
     * total length below the header length leave the fixed header readable and set {@link #status()}.
     *
     * @return the header length, or a negative {@link DecodeStatus} code
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < 1) {
            return fault.record(DecodeStatus.TRUNCATED_IPV4, MIN_HEADER_LENGTH, available);
        }
        int versionIhl = Wire.u8(segment, offset + VERSION_IHL_OFFSET);
        if (versionIhl >>> 4 != 4) {
            return DecodeStatus.BAD_IP_VERSION.code();
        }
        int length = (versionIhl & 0x0f) * 4;
        if (length < MIN_HEADER_LENGTH) {
            return available < MIN_HEADER_LENGTH
                    ? fault.record(DecodeStatus.TRUNCATED_IPV4, MIN_HEADER_LENGTH, available)
                    : fault.record(DecodeStatus.BAD_IPV4_HEADER_LENGTH, MIN_HEADER_LENGTH, length);
        }
        if (available < MIN_HEADER_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_IPV4, MIN_HEADER_LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        int totalLength = Wire.u16(segment, offset + TOTAL_LENGTH_OFFSET);
        // With the fixed part present the fields stay readable; cut options or a bad total length only make
        // the payload unusable.
        if (available < length) {
            status = fault.record(DecodeStatus.TRUNCATED_IPV4, length, available);
            headerLength = available;
            payloadLength = 0;
            return available;
        }
        if (totalLength == 0) {
            // Segmentation offload: the sending host captures the large packet before the NIC splits it, with
            // total length 0 (tcpdump and Wireshark read it the same way): the capture is the datagram.
            totalLength = available;
        }
        this.headerLength = length;
        status = totalLength < length ? fault.record(DecodeStatus.BAD_IPV4_TOTAL_LENGTH, length, totalLength) : 0;
        // Link-layer padding after the datagram is not payload; a snaplen cut leaves less than total length.
        this.payloadLength = Math.max(0, Math.min(totalLength, available) - length);
        return length;
    }

    /** 0, or the code of cut options or a bad total length: the fixed header is readable, the payload is not. */
    public int status() {
        return status;
    }

    /** Absolute offset of the header's first byte in the packet's segment. */
    public long offset() {
        return offset;
    }

    /** Header length in bytes, options included. */
    public int headerLength() {
        return headerLength;
    }

    /** Payload bytes present: total length less header, bounded by what was captured. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Type of service byte (DSCP and ECN). */
    public int typeOfService() {
        return Wire.u8(segment, offset + TOS_OFFSET);
    }

    /** Total length field. */
    public int totalLength() {
        return Wire.u16(segment, offset + TOTAL_LENGTH_OFFSET);
    }

    /** Identification field. */
    public int identification() {
        return Wire.u16(segment, offset + IDENTIFICATION_OFFSET);
    }

    /** The DF flag. */
    public boolean dontFragment() {
        return (Wire.u16(segment, offset + FLAGS_FRAGMENT_OFFSET) & DONT_FRAGMENT) != 0;
    }

    /** The MF flag. */
    public boolean moreFragments() {
        return (Wire.u16(segment, offset + FLAGS_FRAGMENT_OFFSET) & MORE_FRAGMENTS) != 0;
    }

    /** Fragment offset in 8-byte units, as on the wire. */
    public int fragmentOffset() {
        return Wire.u16(segment, offset + FLAGS_FRAGMENT_OFFSET) & FRAGMENT_OFFSET_MASK;
    }

    /** Time to live. */
    public int ttl() {
        return Wire.u8(segment, offset + TTL_OFFSET);
    }

    /** Protocol of the payload. */
    public int protocol() {
        return Wire.u8(segment, offset + PROTOCOL_OFFSET);
    }

    /** Header checksum as on the wire. */
    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /** Source address, network order in an int. */
    public int sourceAddress() {
        return Wire.i32(segment, offset + SOURCE_OFFSET);
    }

    /** Destination address, network order in an int. */
    public int destinationAddress() {
        return Wire.i32(segment, offset + DESTINATION_OFFSET);
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
