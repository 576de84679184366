package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * Ethernet II header (IEEE 802.3 frames carry a length where the EtherType would be).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC address                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                      Source MAC address                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      EtherType or length      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetHeader {
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 0;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = DESTINATION_OFFSET + 6;
    /** Offset of the EtherType. */
    public static final int ETHER_TYPE_OFFSET = SOURCE_OFFSET + 6;
    /** Header length. */
    public static final int HEADER_LENGTH = ETHER_TYPE_OFFSET + 2;
    /** EtherTypes below this are 802.3 lengths, not types. */
    public static final int MIN_ETHER_TYPE = 0x0600;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /**
     * Points the view at a header.
     *
     * @return the header length, or {@link DecodeStatus#TRUNCATED_LINK_HEADER}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < HEADER_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_LINK_HEADER, HEADER_LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        return HEADER_LENGTH;
    }

    /** Destination MAC in the low 48 bits. */
    public long destinationMac() {
        return Wire.u48(segment, offset + DESTINATION_OFFSET);
    }

    /** Source MAC in the low 48 bits. */
    public long sourceMac() {
        return Wire.u48(segment, offset + SOURCE_OFFSET);
    }

    /** The EtherType, or the 802.3 length when below {@link #MIN_ETHER_TYPE}. */
    public int etherType() {
        return Wire.u16(segment, offset + ETHER_TYPE_OFFSET);
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
