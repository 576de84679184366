package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * The Geneve header (RFC 8926 section 3.4), as a flyweight; its options are skipped by their total length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Virtual Network Identifier (VNI)       |    Reserved   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Variable-Length Options                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Opt Len counts 4-byte words, so the header is at most 8 + 63 * 4 bytes. Only version 0 exists.
 */
public final class GeneveHeader {
    /** Offset of the version and option length. */
    public static final int VERSION_OPTIONS_OFFSET = 0;
    /** Offset of the O and C flags. */
    public static final int FLAGS_OFFSET = VERSION_OPTIONS_OFFSET + 1;
    /** Offset of the protocol type (an EtherType; 0x6558 for Ethernet). */
    public static final int PROTOCOL_TYPE_OFFSET = FLAGS_OFFSET + 1;
    /** Offset of the VNI (its 24 high bits). */
    public static final int VNI_OFFSET = PROTOCOL_TYPE_OFFSET + 2;
    /** The header without options. */
    public static final int MIN_HEADER_LENGTH = VNI_OFFSET + 4;
    /** The IANA port. */
    public static final int PORT = 6081;
    private static final int OPTION_WORDS_MASK = 0x3f;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /**
     * Points the view at a header.
     *
     * @return the header length with its options, or -1 when it is cut or not version 0
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < MIN_HEADER_LENGTH) {
            return -1;
        }
        int first = Wire.u8(segment, offset + VERSION_OPTIONS_OFFSET);
        int length = MIN_HEADER_LENGTH + (first & OPTION_WORDS_MASK) * 4;
        if (first >>> 6 != 0 || available < length) {
            return -1;
        }
        this.segment = segment;
        this.offset = offset;
        return length;
    }

    /** The options' length in bytes. */
    public int optionsLength() {
        return (Wire.u8(segment, offset + VERSION_OPTIONS_OFFSET) & OPTION_WORDS_MASK) * 4;
    }

    /** The O (control packet) and C (critical options) flags byte. */
    public int flags() {
        return Wire.u8(segment, offset + FLAGS_OFFSET);
    }

    /** The protocol type of the payload: an EtherType. */
    public int protocolType() {
        return Wire.u16(segment, offset + PROTOCOL_TYPE_OFFSET);
    }

    /** The 24-bit VNI. */
    public long vni() {
        return Wire.u32(segment, offset + VNI_OFFSET) >>> 8;
    }
}
