package io.netzer.capture;

import io.netzer.dissect.Packet;
import java.lang.foreign.MemorySegment;

/**
 * A batch of packets that lie in one piece of a source's memory (a window of a mapped file, one ring block),
 * held as parallel primitive arrays so that filling and walking it allocates nothing. A source refills the
 * same batch on every call; the packets stay valid until the next call.
 */
public final class PacketBatch {
    /** Packets per batch unless a caller asks for another size. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final long[] offsets;
    private final int[] capturedLengths;
    private final int[] wireLengths;
    private final long[] timestamps;
    private final int[] linkTypes;
    private final int[] interfaceIndexes;
    private MemorySegment segment = MemorySegment.NULL;
    private long firstSequence;
    private int count;

    /** A batch for up to {@code capacity} packets. */
    public PacketBatch(int capacity) {
        offsets = new long[capacity];
        capturedLengths = new int[capacity];
        wireLengths = new int[capacity];
        timestamps = new long[capacity];
        linkTypes = new int[capacity];
        interfaceIndexes = new int[capacity];
    }

    /** A batch of {@link #DEFAULT_CAPACITY}. */
    public PacketBatch() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Empties the batch and sets the memory its next packets lie in.
     *
     * @param segment       the memory of the packets to come
     * @param firstSequence the 1-based capture number of the first packet to be added
     */
    public void reset(MemorySegment segment, long firstSequence) {
        this.segment = segment;
        this.firstSequence = firstSequence;
        this.count = 0;
    }

    /** Whether another packet fits. */
    public boolean isFull() {
        return count == offsets.length;
    }

    /** Appends a packet; the caller checks {@link #isFull()} first. */
    public void add(long offset, int capturedLength, int wireLength, long timestampNanos, int linkType,
            int interfaceIndex) {
        int i = count++;
        offsets[i] = offset;
        capturedLengths[i] = capturedLength;
        wireLengths[i] = wireLength;
        timestamps[i] = timestampNanos;
        linkTypes[i] = linkType;
        interfaceIndexes[i] = interfaceIndex;
    }

    /** Packets in the batch. */
    public int count() {
        return count;
    }

    /** Capacity of the batch. */
    public int capacity() {
        return offsets.length;
    }

    /** Points {@code packet} at packet {@code index} of this batch and returns it. */
    public Packet packet(int index, Packet packet) {
        return packet.wrap(segment, offsets[index], capturedLengths[index], wireLengths[index], timestamps[index],
                linkTypes[index], interfaceIndexes[index], firstSequence + index);
    }
}
