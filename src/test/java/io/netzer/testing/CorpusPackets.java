package io.netzer.testing;

import io.netzer.capture.CaptureFileException;
import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Packet;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every packet of the shared corpus, located once in the files' mapped memory, for the allocation tests that
 * replay them a million times: {@link #wrap} points a reused {@link Packet} at one of them without allocating.
 * The files stay open (their memory mapped) until {@link #close}.
 */
public final class CorpusPackets implements AutoCloseable {
    private record Where(MemorySegment segment, long offset, int capturedLength, int wireLength, int linkType) {
    }

    private final List<PacketSource> sources = new ArrayList<>();
    private final Where[] packets;

    private CorpusPackets() throws IOException {
        List<Where> found = new ArrayList<>();
        try {
            for (Path file : Corpus.readableFiles()) {
                PacketSource source = CaptureFiles.open(file);
                sources.add(source);
                PacketBatch batch = new PacketBatch();
                Packet packet = new Packet();
                try {
                    while (source.nextBatch(batch)) {
                        for (int i = 0; i < batch.count(); i++) {
                            batch.packet(i, packet);
                            found.add(new Where(packet.segment(), packet.offset(), packet.capturedLength(),
                                    (int) packet.wireLength(), packet.linkType()));
                        }
                    }
                } catch (CaptureFileException e) {
                    // the good packets before a fault are kept
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        packets = found.toArray(Where[]::new);
    }

    /** Opens every readable file of the corpus and locates its packets. */
    public static CorpusPackets load() throws IOException {
        return new CorpusPackets();
    }

    /** How many packets the corpus holds. */
    public int count() {
        return packets.length;
    }

    /** Points {@code packet} at packet {@code index} (0-based), with the given time and sequence number. */
    public Packet wrap(Packet packet, int index, long timestampNanos, long sequence) {
        Where w = packets[index];
        return packet.wrap(w.segment(), w.offset(), w.capturedLength(), w.wireLength(), timestampNanos, w.linkType(),
                0, sequence);
    }

    @Override
    public void close() throws IOException {
        for (PacketSource source : sources) {
            source.close();
        }
        sources.clear();
    }
}
