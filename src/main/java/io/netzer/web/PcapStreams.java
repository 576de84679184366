package io.netzer.web;

import io.netzer.export.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The start of a {@code /api/v1/pcap} stream: the file header {@link PcapWriter} writes, nanosecond flavour. */
final class PcapStreams {
    private PcapStreams() {
    }

    /** The 24-byte file header for packets of {@code linkType} cut at {@code snapshotLength}. */
    static byte[] fileHeader(int linkType, int snapshotLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, linkType, snapshotLength, true)) {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("pcap header into memory", e);
        }
        return out.toByteArray();
    }
}
