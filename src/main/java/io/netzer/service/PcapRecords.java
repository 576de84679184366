package io.netzer.service;

import io.netzer.dissect.Packet;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The records of a classic pcap stream with nanosecond timestamps (magic {@code 0xa1b23c4d}), as
 * {@link io.netzer.export.PcapWriter} writes files: in host byte order, which readers tell by the magic number.
 * The file header a client gets first is {@code PcapWriter}'s own; this makes one record per packet, on the
 * worker, for the clients' queues.
 */
final class PcapRecords {
    /** Record header (ts_sec, ts_nsec, incl_len, orig_len), each 32 bits. */
    static final int RECORD_HEADER_LENGTH = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PcapRecords() {
    }

    /** The packet as one record: its header and the bytes captured. */
    static byte[] record(Packet packet) {
        int capturedLength = packet.capturedLength();
        byte[] record = new byte[RECORD_HEADER_LENGTH + capturedLength];
        MemorySegment out = MemorySegment.ofArray(record);
        long timestamp = packet.timestampNanos();
        // Seconds and the original length are unsigned 32-bit fields: their low 32 bits are what readers take.
        out.set(ValueLayout.JAVA_INT_UNALIGNED, 0, (int) Math.floorDiv(timestamp, NANOS_PER_SECOND));
        out.set(ValueLayout.JAVA_INT_UNALIGNED, 4, (int) Math.floorMod(timestamp, NANOS_PER_SECOND));
        out.set(ValueLayout.JAVA_INT_UNALIGNED, 8, capturedLength);
        out.set(ValueLayout.JAVA_INT_UNALIGNED, 12, (int) packet.wireLength());
        MemorySegment.copy(packet.segment(), packet.offset(), out, RECORD_HEADER_LENGTH, capturedLength);
        return record;
    }
}
