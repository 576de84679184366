package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * The Cisco HDLC header (LINKTYPE_C_HDLC), as a flyweight: an address byte (0x0f unicast, 0x8f broadcast), a
 * control byte (0) and an EtherType.
 *
 * <pre>
 * +---------+---------+--------------------+---
 * | address | control |   protocol (2)     | payload
 * +---------+---------+--------------------+---
 * </pre>
 */
public final class CiscoHdlcHeader {
    /** Offset of the protocol, an EtherType. */
    public static final int PROTOCOL_OFFSET = 2;
    /** Header length. */
    public static final int HEADER_LENGTH = PROTOCOL_OFFSET + 2;
    /** The unicast address. */
    public static final int UNICAST = 0x0f;
    /** The broadcast address. */
    public static final int BROADCAST = 0x8f;

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

    /** The address byte. */
    public int address() {
        return Wire.u8(segment, offset);
    }

    /** The protocol: an EtherType. */
    public int protocol() {
        return Wire.u16(segment, offset + PROTOCOL_OFFSET);
    }

    /** Whether the frame at {@code offset} starts with a Cisco HDLC address (how PPP-in-HDLC captures tell it). */
    public static boolean startsWithAddress(MemorySegment segment, long offset, long end) {
        if (offset >= end) {
            return false;
        }
        int address = Wire.u8(segment, offset);
        return address == UNICAST || address == BROADCAST;
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
