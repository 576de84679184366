package io.netzer.capture;

/**
 * What the ring of a live source did, for metrics and diagnostics (the kernel's own counters are in
 * {@link SourceStatistics}).
 *
 * @param blocksReturned         blocks the worker walked and gave back to the kernel
 * @param blocksRetiredByTimeout blocks the worker took that the kernel closed because the block timeout expired
 * @param blocksRetiredFull      blocks the worker took that the kernel closed because they were full
 * @param sequenceGaps           blocks missing between consecutive block sequence numbers
 * @param waits                  times the worker found the next block still the kernel's and slept in epoll
 * @param packets                packets the worker walked
 * @param malformedPackets       frames whose offsets or lengths left their block, skipped with the block's rest
 * @param interfaceDownEvents    times the interface went down during the capture (capture resumes when it is up)
 * @param packetsNotDrained      packets the kernel counted in the ring at the stop that the drain could not read
 *                               before its deadline (0 unless a block never came)
 */
public record RingStatistics(long blocksReturned, long blocksRetiredByTimeout, long blocksRetiredFull,
        long sequenceGaps, long waits, long packets, long malformedPackets, long interfaceDownEvents,
        long packetsNotDrained) {

    /** No activity. */
    public static final RingStatistics NONE = new RingStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two sources' counters. */
    public RingStatistics plus(RingStatistics other) {
        return new RingStatistics(blocksReturned + other.blocksReturned,
                blocksRetiredByTimeout + other.blocksRetiredByTimeout, blocksRetiredFull + other.blocksRetiredFull,
                sequenceGaps + other.sequenceGaps, waits + other.waits, packets + other.packets,
                malformedPackets + other.malformedPackets, interfaceDownEvents + other.interfaceDownEvents,
                packetsNotDrained + other.packetsNotDrained);
    }
}
