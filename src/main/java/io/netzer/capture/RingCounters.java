package io.netzer.capture;

/**
 * The live counters behind {@link RingStatistics}. Each field has one writer (the capture thread or the worker),
 * which updates it once per block or batch; the fields are volatile so that the other thread and metrics
 * readers see them, and so that the capture thread can read how many blocks the worker has returned.
 */
final class RingCounters {
    // written by the capture thread
    volatile long blocksHanded;
    volatile long blocksRetiredByTimeout;
    volatile long blocksRetiredFull;
    volatile long sequenceGaps;
    volatile long queueFullStalls;
    volatile int queueHighWater;
    // written by the worker
    volatile long blocksReturned;
    volatile long packets;
    volatile long malformedPackets;
    volatile long interfaceDownEvents;
    volatile long packetsNotDrained;

    RingStatistics snapshot() {
        return new RingStatistics(blocksHanded, blocksReturned, blocksRetiredByTimeout, blocksRetiredFull,
                sequenceGaps, queueFullStalls, queueHighWater, packets, malformedPackets, interfaceDownEvents,
                packetsNotDrained);
    }
}
