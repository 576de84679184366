package io.netzer.capture;

import java.io.IOException;

/**
 * Where packets come from: a capture file or a live socket's ring. The worker pulls batches; a batch stays
 * valid until the next call, which also hands the previous one back to its owner (a ring block to the kernel).
 * One code path serves every source.
 */
public interface PacketSource extends AutoCloseable {

    /**
     * Refills {@code batch} with the next packets.
     *
     * @return false once no more packets will come; true otherwise, even when the batch is empty (a live
     *         source that timed out), so that the caller can check whether to stop
     * @throws IOException when the source fails; every packet before the fault has been delivered by then
     */
    boolean nextBatch(PacketBatch batch) throws IOException;

    /** The file name or interface this source reads, for messages and events. */
    String name();

    /** The link type of the first interface (what a pcap writer declares). */
    int linkType();

    /** The snapshot length of the source. */
    int snapshotLength();

    /** Whether timestamps carry nanoseconds (so a pcap writer keeps them). */
    boolean nanosecondTimestamps();

    /** The name of an interface of this source, or null when the source does not say. */
    String interfaceName(int interfaceIndex);

    /** Counters for tcpdump's closing lines: what the source received and what it dropped. */
    SourceStatistics statistics();

    @Override
    void close() throws IOException;
}
