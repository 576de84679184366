package io.netzer.capture;

/**
 * What the ring pipeline of a live source did, for metrics and diagnostics (the kernel's own counters are in
 * {@link SourceStatistics}).
 *
 * @param blocksHanded           blocks the capture thread found ready and handed to the worker
 * @param blocksReturned         blocks the worker walked and gave back to the kernel
 * @param blocksRetiredByTimeout handed blocks the kernel closed because the block timeout expired
 * @param blocksRetiredFull      handed blocks the kernel closed because they were full
 * @param sequenceGaps           blocks missing between consecutive block sequence numbers
 * @param queueFullStalls        times the capture thread found the hand-over queue full and waited
 * @param queueHighWater         the most blocks ever waiting in the hand-over queue
 * @param packets                packets the worker walked
 * @param malformedPackets       frames whose offsets or lengths left their block, skipped with the block's rest
 * @param interfaceDownEvents    times the interface went down during the capture (capture resumes when it is up)
 * @param packetsNotDrained      packets the kernel counted in the ring at the stop that the drain could not read
 *                               before its deadline (0 unless a block never came)
 */
public record RingStatistics(long blocksHanded, long blocksReturned, long blocksRetiredByTimeout,
        long blocksRetiredFull, long sequenceGaps, long queueFullStalls, int queueHighWater, long packets,
        long malformedPackets, long interfaceDownEvents, long packetsNotDrained) {

    /** No activity. */
    public static final RingStatistics NONE = new RingStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two sources' counters (the high-water mark is the larger one). */
    public RingStatistics plus(RingStatistics other) {
        return new RingStatistics(blocksHanded + other.blocksHanded, blocksReturned + other.blocksReturned,
                blocksRetiredByTimeout + other.blocksRetiredByTimeout, blocksRetiredFull + other.blocksRetiredFull,
                sequenceGaps + other.sequenceGaps, queueFullStalls + other.queueFullStalls,
                Math.max(queueHighWater, other.queueHighWater), packets + other.packets,
                malformedPackets + other.malformedPackets, interfaceDownEvents + other.interfaceDownEvents,
                packetsNotDrained + other.packetsNotDrained);
    }
}
