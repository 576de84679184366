package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * One captured packet as a view: where its bytes lie in a source's memory (a mapped file, a ring block) and
 * the record's metadata. A source fills one instance in place for each packet; nothing is copied.
 */
public final class Packet {
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int capturedLength;
    private int wireLength;
    private long timestampNanos;
    private int linkType;
    private int interfaceIndex;
    private long sequence;

    /**
     * Points this view at a packet.
     *
     * @param segment        the memory holding the packet
     * @param offset         where the first byte of the link-layer header lies in {@code segment}
     * @param capturedLength bytes present (at most the snapshot length)
     * @param wireLength     the packet's length on the wire: an unsigned 32-bit field of the file or the ring,
     *                       kept as its 32 bits
     * @param timestampNanos capture time in nanoseconds since the Unix epoch
     * @param linkType       the {@link LinkType} of the first header
     * @param interfaceIndex the source's interface number (pcapng interface id; 0 for single-interface sources)
     * @param sequence       1-based number of the packet in its capture
     * @return this view
     */
    public Packet wrap(MemorySegment segment, long offset, int capturedLength, int wireLength, long timestampNanos,
            int linkType, int interfaceIndex, long sequence) {
        this.segment = segment;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.wireLength = wireLength;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.interfaceIndex = interfaceIndex;
        this.sequence = sequence;
        return this;
    }

    /** The memory holding the packet. */
    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the packet's first byte in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** Bytes captured. */
    public int capturedLength() {
        return capturedLength;
    }

    /**
     * Length on the wire, unsigned: a pcap record may declare up to 2^32 - 1 bytes (its original length is a
     * uint32), and a length of 2^31 or more must neither turn negative nor break a JSON number.
     */
    public long wireLength() {
        return Integer.toUnsignedLong(wireLength);
    }

    /** Capture time, nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Link type of the packet's first header. */
    public int linkType() {
        return linkType;
    }

    /** Interface number within the source. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** 1-based number of the packet in its capture. */
    public long sequence() {
        return sequence;
    }
}
