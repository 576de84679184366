package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * A GRE header (RFC 2784 with the key and sequence number of RFC 2890), as a flyweight.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|  Flags  | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (optional)      |       Reserved1 (optional)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Key (optional)                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sequence Number (optional)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Only version 0 is decapsulated: version 1 is PPTP's enhanced GRE, which carries PPP, and a header with the
 * routing bit of RFC 1701 has a source route of variable length that no tunnel in use sends.
 */
public final class GreHeader {
    /** Offset of the flags and version. */
    public static final int FLAGS_VERSION_OFFSET = 0;
    /** Offset of the protocol type (an EtherType). */
    public static final int PROTOCOL_TYPE_OFFSET = FLAGS_VERSION_OFFSET + 2;
    /** The header without optional fields. */
    public static final int MIN_HEADER_LENGTH = PROTOCOL_TYPE_OFFSET + 2;
    /** Transparent Ethernet bridging: an Ethernet frame follows (NVGRE, Linux {@code gretap}). */
    public static final int TRANSPARENT_ETHERNET = 0x6558;
    /** ERSPAN type I (no sequence number) or II (with one): port mirroring of Ethernet frames. */
    public static final int ERSPAN = 0x88be;
    /** Checksum present. */
    public static final int CHECKSUM_PRESENT = 0x8000;
    /** Routing present (RFC 1701). */
    public static final int ROUTING_PRESENT = 0x4000;
    /** Key present. */
    public static final int KEY_PRESENT = 0x2000;
    /** Sequence number present. */
    public static final int SEQUENCE_PRESENT = 0x1000;
    private static final int VERSION_MASK = 0x0007;
    private static final int OPTIONAL_FIELD_LENGTH = 4;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int flags;
    private long keyOffset;

    /**
     * Points the view at a header.
     *
     * @return the header length with its optional fields, or -1 when it is cut, not version 0, or routed
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < MIN_HEADER_LENGTH) {
            return -1;
        }
        int flagsVersion = Wire.u16(segment, offset + FLAGS_VERSION_OFFSET);
        if ((flagsVersion & VERSION_MASK) != 0 || (flagsVersion & ROUTING_PRESENT) != 0) {
            return -1;
        }
        int length = MIN_HEADER_LENGTH;
        if ((flagsVersion & CHECKSUM_PRESENT) != 0) {
            length += OPTIONAL_FIELD_LENGTH;
        }
        keyOffset = offset + length;
        if ((flagsVersion & KEY_PRESENT) != 0) {
            length += OPTIONAL_FIELD_LENGTH;
        }
        if ((flagsVersion & SEQUENCE_PRESENT) != 0) {
            length += OPTIONAL_FIELD_LENGTH;
        }
        if (available < length) {
            return -1;
        }
        this.segment = segment;
        this.offset = offset;
        this.flags = flagsVersion;
        return length;
    }

    /** The flag bits (the constants above) of the first 16 bits. */
    public int flags() {
        return flags & ~VERSION_MASK;
    }

    /** The protocol type: an EtherType. */
    public int protocolType() {
        return Wire.u16(segment, offset + PROTOCOL_TYPE_OFFSET);
    }

    /** The key, unsigned, or -1 when the header has none. */
    public long key() {
        return (flags & KEY_PRESENT) != 0 ? Wire.u32(segment, keyOffset) : -1;
    }

    /** Whether a sequence number is present (what tells ERSPAN type II from type I). */
    public boolean hasSequence() {
        return (flags & SEQUENCE_PRESENT) != 0;
    }
}
