package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * IPv6 fixed header (RFC 8200 section 3) and the walk over its extension headers (section 4) to the upper
 * layer. Hop-by-Hop, Routing, Destination Options, Mobility, HIP and Shim6 share the generic (length + 1) * 8
 * layout; Fragment is 8 bytes; AH (RFC 4302) counts 4-byte words less 2. ESP and unknown headers end the walk.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Source Address (128 bits)                      |
 * |                Destination Address (128 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6Header {
    /** Offset of version, traffic class and flow label. */
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = VERSION_CLASS_FLOW_OFFSET + 4;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = PAYLOAD_LENGTH_OFFSET + 2;
    /** Offset of the hop limit. */
    public static final int HOP_LIMIT_OFFSET = NEXT_HEADER_OFFSET + 1;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = HOP_LIMIT_OFFSET + 1;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = SOURCE_OFFSET + 16;
    /** Fixed header length. */
    public static final int HEADER_LENGTH = DESTINATION_OFFSET + 16;
    /**
     * Cap on extension headers walked. Real traffic carries a handful; libpcap's own tests carry a hundred. Each
     * header takes at least 8 bytes, so the packet length bounds the walk too; the cap bounds it per packet.
     */
    public static final int MAX_EXTENSION_HEADERS = 128;

    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int AUTHENTICATION = 51;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int MOBILITY = 135;
    private static final int HIP = 139;
    private static final int SHIM6 = 140;
    private static final int FRAGMENT_HEADER_LENGTH = 8;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int upperProtocol;
    private int upperOffset;
    private int payloadLength;
    private boolean fragment;
    private int fragmentOffset;
    private boolean moreFragments;
    private long fragmentIdentification;
    private int fragmentHeaderOffset;
    private int fragmentNamedAt;
    private int status;

    /**
     * Points the view at a header and walks the extension headers. A chain that is cut or too long leaves the
     * fixed header readable and sets {@link #status()}; the upper layer is then unknown.
     *
     * @return the length of the fixed header and the extension headers walked, or a negative
     *         {@link DecodeStatus} code when not even the fixed header is present
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < 1) {
            return fault.record(DecodeStatus.TRUNCATED_IPV6, HEADER_LENGTH, available);
        }
        if (Wire.u8(segment, offset) >>> 4 != 6) {
            return DecodeStatus.BAD_IP_VERSION.code();
        }
        if (available < HEADER_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_IPV6, HEADER_LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        int declared = Wire.u16(segment, offset + PAYLOAD_LENGTH_OFFSET);
        // A zero payload length is a jumbogram (RFC 2675): the link layer's length is all there is to trust.
        int end = declared == 0 ? available : Math.min(available, HEADER_LENGTH + declared);
        fragment = false;
        fragmentOffset = 0;
        moreFragments = false;
        fragmentIdentification = 0;
        fragmentHeaderOffset = 0;
        fragmentNamedAt = 0;
        status = 0;
        int next = Wire.u8(segment, offset + NEXT_HEADER_OFFSET);
        int nextField = NEXT_HEADER_OFFSET;
        int position = HEADER_LENGTH;
        for (int walked = 0; isExtension(next); walked++) {
            if (walked == MAX_EXTENSION_HEADERS) {
                return stopWalk(DecodeStatus.TOO_MANY_IPV6_EXTENSIONS.code(), position);
            }
            if (end - position < 2) {
                return stopWalk(fault.record(DecodeStatus.TRUNCATED_IPV6_EXTENSION, 2, end - position), position);
            }
            int length = extensionLength(next, Wire.u8(segment, offset + position + 1));
            if (end - position < length) {
                return stopWalk(fault.record(DecodeStatus.TRUNCATED_IPV6_EXTENSION, length, end - position),
                        position);
            }
            if (next == FRAGMENT) {
                int offsetFlags = Wire.u16(segment, offset + position + 2);
                fragment = true;
                fragmentOffset = offsetFlags >>> 3;
                moreFragments = (offsetFlags & 1) != 0;
                fragmentIdentification = Wire.u32(segment, offset + position + 4);
                fragmentHeaderOffset = position;
                fragmentNamedAt = nextField;
            }
            next = Wire.u8(segment, offset + position);
            nextField = position;
            position += length;
            if (fragment && fragmentOffset != 0) {
                // A later fragment's data starts mid-datagram: what follows is no header, whatever Next Header says.
                break;
            }
        }
        upperProtocol = next;
        upperOffset = position;
        payloadLength = end - position;
        return position;
    }

    private int stopWalk(int code, int position) {
        status = code;
        upperProtocol = -1;
        upperOffset = position;
        payloadLength = 0;
        return position;
    }

    /** 0, or the code of a cut or overlong extension chain: the fixed header is readable, the upper layer not. */
    public int status() {
        return status;
    }

    private static boolean isExtension(int next) {
        return switch (next) {
            case HOP_BY_HOP, ROUTING, FRAGMENT, AUTHENTICATION, DESTINATION_OPTIONS, MOBILITY, HIP, SHIM6 -> true;
            default -> false;
        };
    }

    private static int extensionLength(int type, int lengthField) {
        return switch (type) {
            case FRAGMENT -> FRAGMENT_HEADER_LENGTH;
            case AUTHENTICATION -> (lengthField + 2) * 4;
            default -> (lengthField + 1) * 8;
        };
    }

    /** Absolute offset of the header's first byte in the packet's segment. */
    public long offset() {
        return offset;
    }

    /** Traffic class. */
    public int trafficClass() {
        return (Wire.i32(segment, offset) >>> 20) & 0xff;
    }

    /** Flow label. */
    public int flowLabel() {
        return Wire.i32(segment, offset) & 0xfffff;
    }

    /** Payload length field. */
    public int payloadLengthField() {
        return Wire.u16(segment, offset + PAYLOAD_LENGTH_OFFSET);
    }

    /** Next header field of the fixed header. */
    public int nextHeader() {
        return Wire.u8(segment, offset + NEXT_HEADER_OFFSET);
    }

    /** Hop limit. */
    public int hopLimit() {
        return Wire.u8(segment, offset + HOP_LIMIT_OFFSET);
    }

    /** The memory the header lies in (addresses are read from it by offset). */
    public MemorySegment segment() {
        return segment;
    }

    /** Absolute offset of the source address in the segment. */
    public long sourceAddressOffset() {
        return offset + SOURCE_OFFSET;
    }

    /** Absolute offset of the destination address in the segment. */
    public long destinationAddressOffset() {
        return offset + DESTINATION_OFFSET;
    }

    /** The protocol after the extension headers (the upper layer, or where the walk stopped). */
    public int upperProtocol() {
        return upperProtocol;
    }

    /** Offset of the upper layer from the start of the IPv6 header. */
    public int upperOffset() {
        return upperOffset;
    }

    /** Bytes present after the extension headers, bounded by the payload length. */
    public int upperLength() {
        return payloadLength;
    }

    /** Whether a Fragment header was present. */
    public boolean isFragment() {
        return fragment;
    }

    /** Fragment offset in 8-byte units (0 without a Fragment header). */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** The M flag of the Fragment header. */
    public boolean moreFragments() {
        return moreFragments;
    }

    /**
     * Offset of the Fragment header from the start of the IPv6 header (0 without one): the unfragmentable part
     * lies before it, the fragment's data starts {@code 8} bytes after it (RFC 8200 section 4.5).
     */
    public int fragmentHeaderOffset() {
        return fragmentHeaderOffset;
    }

    /**
     * Offset of the Next Header field that names the Fragment header, from the start of the IPv6 header (the
     * fixed header's, or the preceding extension header's first byte): a reassembled datagram drops the Fragment
     * header and writes its Next Header there.
     */
    public int fragmentNamedAt() {
        return fragmentNamedAt;
    }

    /** Identification of the Fragment header. */
    public long fragmentIdentification() {
        return fragmentIdentification;
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
