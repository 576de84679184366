package io.netzer.capture;

/**
 * What a source reports at exit, as tcpdump's closing lines: packets received by the filter and dropped by the
 * kernel. A file source drops nothing; a live source accumulates PACKET_STATISTICS.
 *
 * @param received packets that passed the filter (for a file: packets read)
 * @param dropped  packets the kernel dropped for lack of ring space
 * @param freezes  times the kernel froze the ring (TPACKET_V3 queue freeze)
 */
public record SourceStatistics(long received, long dropped, long freezes) {
}
