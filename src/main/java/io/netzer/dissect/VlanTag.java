package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * One 802.1Q or 802.1ad tag: the 4 bytes after the TPID (the TPID itself is the EtherType before it).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | PCP |D|        VLAN id        |  Encapsulated EtherType       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VlanTag {
    /** Offset of the tag control information. */
    public static final int TCI_OFFSET = 0;
    /** Offset of the encapsulated EtherType. */
    public static final int ETHER_TYPE_OFFSET = TCI_OFFSET + 2;
    /** Tag length. */
    public static final int LENGTH = ETHER_TYPE_OFFSET + 2;
    /** 802.1Q customer tag TPID. */
    public static final int TPID_8021Q = 0x8100;
    /** 802.1ad service tag TPID. */
    public static final int TPID_8021AD = 0x88a8;
    /** Pre-standard QinQ TPID still seen in the wild. */
    public static final int TPID_QINQ_LEGACY = 0x9100;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /** Whether an EtherType announces a VLAN tag. */
    public static boolean isTagType(int etherType) {
        return etherType == TPID_8021Q || etherType == TPID_8021AD || etherType == TPID_QINQ_LEGACY;
    }

    /**
     * Points the view at a tag.
     *
     * @return the tag length, or {@link DecodeStatus#TRUNCATED_VLAN_TAG}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_VLAN_TAG, LENGTH, available);
        }
        this.segment = segment;
        this.offset = offset;
        return LENGTH;
    }

    /** The 12-bit VLAN identifier. */
    public int vlanId() {
        return Wire.u16(segment, offset + TCI_OFFSET) & 0x0fff;
    }

    /** The 3-bit priority code point. */
    public int priority() {
        return Wire.u16(segment, offset + TCI_OFFSET) >>> 13;
    }

    /** The EtherType of what the tag carries. */
    public int etherType() {
        return Wire.u16(segment, offset + ETHER_TYPE_OFFSET);
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
