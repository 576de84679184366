package io.netzer.capture;

/**
 * The live counters behind {@link RingStatistics}. Each field has exactly one writer, named below: the capture
 * thread ({@link RingCaptureLoop}) or the worker ({@link RingBlockReader}, on the thread that calls
 * {@code nextBatch}). With one writer, a read-add-write of the volatile field loses no update; volatile so that
 * the other thread and the metrics reader see each value, and so that the capture thread sees
 * {@link #blocksReturned} move while it waits for a block back. Most fields change once per block or batch;
 * {@link #malformedPackets} once per bad packet, {@link #interfaceDownEvents} once per wake-up on a downed link.
 */
final class RingCounters {
    // written by the capture thread (RingCaptureLoop)
    volatile long blocksHanded;
    volatile long blocksRetiredByTimeout;
    volatile long blocksRetiredFull;
    volatile long sequenceGaps;
    volatile long queueFullStalls;
    volatile int queueHighWater;
    volatile long interfaceDownEvents;
    // written by the worker (RingBlockReader)
    volatile long blocksReturned;
    volatile long packets;
    volatile long malformedPackets;
    volatile long packetsNotDrained;

    RingStatistics snapshot() {
        return new RingStatistics(blocksHanded, blocksReturned, blocksRetiredByTimeout, blocksRetiredFull,
                sequenceGaps, queueFullStalls, queueHighWater, packets, malformedPackets, interfaceDownEvents,
                packetsNotDrained);
    }
}
