package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * The VXLAN header (RFC 7348 section 5) in front of an Ethernet frame, as a flyweight.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Recognised by the UDP destination port alone, as libpcap's {@code vxlan} and Wireshark do: 4789 (IANA) and
 * 8472 (the Linux kernel's default before the IANA port, still Flannel's).
 */
public final class VxlanHeader {
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of the VNI (its 24 high bits). */
    public static final int VNI_OFFSET = FLAGS_OFFSET + 4;
    /** Header length. */
    public static final int HEADER_LENGTH = VNI_OFFSET + 4;
    /** The IANA port. */
    public static final int PORT = 4789;
    /** The Linux kernel's historic default port, Flannel's. */
    public static final int LINUX_PORT = 8472;
    /** The I flag: the VNI is valid. */
    public static final int VNI_VALID = 0x08;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /**
     * Points the view at a header.
     *
     * @return the header length, or -1 when the header is cut
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < HEADER_LENGTH) {
            return -1;
        }
        this.segment = segment;
        this.offset = offset;
        return HEADER_LENGTH;
    }

    /** The flags byte. */
    public int flags() {
        return Wire.u8(segment, offset + FLAGS_OFFSET);
    }

    /** The 24-bit VNI. */
    public long vni() {
        return Wire.u32(segment, offset + VNI_OFFSET) >>> 8;
    }
}
