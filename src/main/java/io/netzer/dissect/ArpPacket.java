package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * ARP (RFC 826), also used by RARP. Addresses are read only for Ethernet/IPv4 (hardware length 6, protocol
 * length 4), the only combination with named fields; other sizes keep the fixed part.
 *
 * <pre>
 *  0: hardware type (2)   2: protocol type (2)   4: hardware length (1)   5: protocol length (1)
 *  6: operation (2)       8: sender hardware address, sender protocol address,
 *                            target hardware address, target protocol address
 * </pre>
 */
public final class ArpPacket {
    /** Offset of the hardware type. */
    public static final int HARDWARE_TYPE_OFFSET = 0;
    /** Offset of the protocol type. */
    public static final int PROTOCOL_TYPE_OFFSET = HARDWARE_TYPE_OFFSET + 2;
    /** Offset of the hardware address length. */
    public static final int HARDWARE_LENGTH_OFFSET = PROTOCOL_TYPE_OFFSET + 2;
    /** Offset of the protocol address length. */
    public static final int PROTOCOL_LENGTH_OFFSET = HARDWARE_LENGTH_OFFSET + 1;
    /** Offset of the operation. */
    public static final int OPERATION_OFFSET = PROTOCOL_LENGTH_OFFSET + 1;
    /** Offset of the sender hardware address. */
    public static final int ADDRESSES_OFFSET = OPERATION_OFFSET + 2;
    /** Length of the fixed part. */
    public static final int FIXED_LENGTH = ADDRESSES_OFFSET;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private boolean ethernetIpv4;

    /**
     * Points the view at an ARP packet.
     *
     * @return the length read, or {@link DecodeStatus#TRUNCATED_ARP}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < FIXED_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_ARP, FIXED_LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        int hardwareLength = Wire.u8(segment, offset + HARDWARE_LENGTH_OFFSET);
        int protocolLength = Wire.u8(segment, offset + PROTOCOL_LENGTH_OFFSET);
        int length = FIXED_LENGTH + 2 * (hardwareLength + protocolLength);
        if (available < length) {
            return fault.record(DecodeStatus.TRUNCATED_ARP, length, available);
        }
        ethernetIpv4 = hardwareLength == 6 && protocolLength == 4;
        return length;
    }

    /** The hardware type (1 for Ethernet). */
    public int hardwareType() {
        return Wire.u16(segment, offset + HARDWARE_TYPE_OFFSET);
    }

    /** The protocol type (0x0800 for IPv4). */
    public int protocolType() {
        return Wire.u16(segment, offset + PROTOCOL_TYPE_OFFSET);
    }

    /** The operation: 1 request, 2 reply, 3/4 RARP. */
    public int operation() {
        return Wire.u16(segment, offset + OPERATION_OFFSET);
    }

    /** Whether the addresses are Ethernet MACs and IPv4 addresses, so the address accessors apply. */
    public boolean isEthernetIpv4() {
        return ethernetIpv4;
    }

    /** Sender MAC. */
    public long senderMac() {
        return Wire.u48(segment, offset + ADDRESSES_OFFSET);
    }

    /** Sender IPv4 address. */
    public int senderIp() {
        return Wire.i32(segment, offset + ADDRESSES_OFFSET + 6);
    }

    /** Target MAC. */
    public long targetMac() {
        return Wire.u48(segment, offset + ADDRESSES_OFFSET + 10);
    }

    /** Target IPv4 address. */
    public int targetIp() {
        return Wire.i32(segment, offset + ADDRESSES_OFFSET + 16);
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
