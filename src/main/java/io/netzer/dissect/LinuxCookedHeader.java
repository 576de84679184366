package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * Linux cooked capture headers, v1 (LINKTYPE_LINUX_SLL) and v2 (LINKTYPE_LINUX_SLL2): what the {@code any}
 * pseudo-interface delivers in place of a link-layer header. See tcpdump.org's linktypes/LINKTYPE_LINUX_SLL.html
 * and LINKTYPE_LINUX_SLL2.html.
 *
 * <pre>
 * v1 (16 bytes):                         v2 (20 bytes):
 *  0: packet type        (2)              0: protocol type       (2)
 *  2: ARPHRD_ type       (2)              2: reserved            (2)
 *  4: address length     (2)              4: interface index     (4)
 *  6: address            (8)              8: ARPHRD_ type        (2)
 * 14: protocol type      (2)             10: packet type         (1)
 *                                        11: address length      (1)
 *                                        12: address             (8)
 * </pre>
 */
public final class LinuxCookedHeader {
    /** v1 header length. */
    public static final int V1_LENGTH = 16;
    /** v2 header length. */
    public static final int V2_LENGTH = 20;
    private static final int V1_ADDRESS_LENGTH_OFFSET = 4;
    private static final int V1_ADDRESS_OFFSET = V1_ADDRESS_LENGTH_OFFSET + 2;
    private static final int V1_PROTOCOL_OFFSET = V1_ADDRESS_OFFSET + 8;
    private static final int V2_PROTOCOL_OFFSET = 0;
    private static final int V2_INTERFACE_INDEX_OFFSET = V2_PROTOCOL_OFFSET + 4;
    private static final int V2_ADDRESS_LENGTH_OFFSET = V2_INTERFACE_INDEX_OFFSET + 7;
    private static final int V2_ADDRESS_OFFSET = V2_ADDRESS_LENGTH_OFFSET + 1;
    private static final int MAC_LENGTH = 6;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private boolean version2;

    /**
     * Points the view at a v1 or v2 header.
     *
     * @return the header length, or {@link DecodeStatus#TRUNCATED_LINK_HEADER}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available, boolean version2) {
        int length = version2 ? V2_LENGTH : V1_LENGTH;
        if (available < length) {
            return fault.record(DecodeStatus.TRUNCATED_LINK_HEADER, length, available);
        }
        this.segment = segment;
        this.offset = offset;
        this.version2 = version2;
        return length;
    }

    /** The protocol type: an EtherType, or a Linux ETH_P_ value below 0x0600 for non-Ethernet payloads. */
    public int protocol() {
        return Wire.u16(segment, offset + (version2 ? V2_PROTOCOL_OFFSET : V1_PROTOCOL_OFFSET));
    }

    /** Whether the link-layer source address is a 6-byte MAC address. */
    public boolean hasSourceMac() {
        int length = version2 ? Wire.u8(segment, offset + V2_ADDRESS_LENGTH_OFFSET)
                : Wire.u16(segment, offset + V1_ADDRESS_LENGTH_OFFSET);
        return length == MAC_LENGTH;
    }

    /** The source MAC in the low 48 bits; meaningful when {@link #hasSourceMac()}. */
    public long sourceMac() {
        return Wire.u48(segment, offset + (version2 ? V2_ADDRESS_OFFSET : V1_ADDRESS_OFFSET));
    }

    /** The interface index (v2 only; -1 for v1). */
    public long interfaceIndex() {
        return version2 ? Wire.u32(segment, offset + V2_INTERFACE_INDEX_OFFSET) : -1;
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
