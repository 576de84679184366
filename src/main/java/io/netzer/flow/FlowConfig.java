package io.netzer.flow;

/**
 * Limits and timeouts of one worker's flow tracking and TCP reassembly; {@link #defaults()} holds the defaults
 * of issue 5 in one place. Times are in nanoseconds of packet time (files replay exactly as captured).
 *
 * @param maxFlows          flows held at once; a new flow past it evicts the longest idle one
 * @param tcpIdleNanos      idle timeout of a TCP flow without FIN or RST
 * @param tcpClosingNanos   idle timeout of a TCP flow once a FIN or RST was seen
 * @param udpIdleNanos      idle timeout of a UDP flow
 * @param otherIdleNanos    idle timeout of any other flow (ICMP, other IP protocols)
 * @param activeNanos       a flow that lasts this long gets an update event, then again after as long
 * @param flowBufferBytes   out-of-order bytes held per flow (both directions); past it the oldest gap is skipped
 * @param totalBufferBytes  out-of-order bytes held by the worker; past it the direction that needs room skips its
 *                          oldest gap, or, holding nothing, drops the segment
 * @param streamDepth       bytes of each direction handed to stream listeners; the rest is counted, not handed
 */
public record FlowConfig(int maxFlows, long tcpIdleNanos, long tcpClosingNanos, long udpIdleNanos,
        long otherIdleNanos, long activeNanos, long flowBufferBytes, long totalBufferBytes, long streamDepth) {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1L << 20;

    /** Default flow cap. */
    public static final int DEFAULT_MAX_FLOWS = 1_000_000;

    /** Checks every value. */
    public FlowConfig {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("flow cap: " + maxFlows + " (expected at least 1)");
        }
        requirePositive("TCP idle timeout", tcpIdleNanos);
        requirePositive("TCP closing timeout", tcpClosingNanos);
        requirePositive("UDP idle timeout", udpIdleNanos);
        requirePositive("idle timeout", otherIdleNanos);
        requirePositive("active timeout", activeNanos);
        requirePositive("per-flow reassembly buffer", flowBufferBytes);
        requirePositive("reassembly buffer", totalBufferBytes);
        requirePositive("stream depth", streamDepth);
    }

    /**
     * The defaults: 1,000,000 flows; idle 300 s (TCP), 10 s (TCP after FIN/RST), 60 s (UDP), 30 s (other);
     * active 300 s; 1 MiB buffered per flow, 256 MiB per worker; depth 1 MiB.
     */
    public static FlowConfig defaults() {
        return new FlowConfig(DEFAULT_MAX_FLOWS, 300 * SECOND, 10 * SECOND, 60 * SECOND, 30 * SECOND, 300 * SECOND,
                MIB, 256 * MIB, MIB);
    }

    /** This configuration with another flow cap. */
    public FlowConfig withMaxFlows(int flows) {
        return new FlowConfig(flows, tcpIdleNanos, tcpClosingNanos, udpIdleNanos, otherIdleNanos, activeNanos,
                flowBufferBytes, totalBufferBytes, streamDepth);
    }

    /** This configuration with other reassembly caps. */
    public FlowConfig withBuffers(long perFlow, long total) {
        return new FlowConfig(maxFlows, tcpIdleNanos, tcpClosingNanos, udpIdleNanos, otherIdleNanos, activeNanos,
                perFlow, total, streamDepth);
    }

    /** This configuration with another stream depth ({@link Long#MAX_VALUE}: every byte). */
    public FlowConfig withStreamDepth(long depth) {
        return new FlowConfig(maxFlows, tcpIdleNanos, tcpClosingNanos, udpIdleNanos, otherIdleNanos, activeNanos,
                flowBufferBytes, totalBufferBytes, depth);
    }

    private static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + ": " + value + " (expected a positive value)");
        }
    }
}
