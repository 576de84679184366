package io.netzer.capture;

/**
 * The live counters behind {@link RingStatistics}. The worker ({@link RingBlockReader}, on the thread that calls
 * {@code nextBatch}) is the one writer of every field, so a read-add-write of the volatile field loses no update;
 * volatile so that the metrics reader sees each value. Most fields change once per block or batch;
 * {@link #malformedPackets} once per bad packet, {@link #interfaceDownEvents} once per wake-up on a downed link.
 */
final class RingCounters {
    volatile long blocksRetiredByTimeout;
    volatile long blocksRetiredFull;
    volatile long sequenceGaps;
    volatile long waits;
    volatile long interfaceDownEvents;
    volatile long blocksReturned;
    volatile long packets;
    volatile long malformedPackets;
    volatile long packetsNotDrained;

    RingStatistics snapshot() {
        return new RingStatistics(blocksReturned, blocksRetiredByTimeout, blocksRetiredFull, sequenceGaps, waits,
                packets, malformedPackets, interfaceDownEvents, packetsNotDrained);
    }
}
