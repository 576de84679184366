package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.PacketSink;
import io.netzer.testing.CorpusPackets;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The NDJSON packet writer allocates nothing per packet (DESIGN.md, rules of the hot path): its lines encoded into
 * the worker's buffer and drained in blocks, with the count of their lines, into the shared output. Less than
 * a byte a packet over a million packets of the shared corpus (every link type, IPv4, IPv6, ARP, ICMP, VLANs).
 */
class NdjsonPacketSinkAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    /** An interface index past {@link LineOutput}'s table of names, as a veth's is on a busy host. */
    private static final int HIGH_INDEX = 1642;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldWritePacketLinesWithoutAllocating() throws Exception {
        assertWritesWithoutAllocating(TextPacketSinkAllocationTest::run);
    }

    /**
     * A live capture names its interface in every line ({@code observer.ingress.interface.name}); on a host that
     * has made many interfaces (a veth per container) its index is past the table of names, and each line escaped
     * the name again with Jackson, allocating, until the last such name was kept.
     */
    @Test
    void shouldNameAnInterfaceOfAHighIndexWithoutAllocating() throws Exception {
        assertWritesWithoutAllocating(NdjsonPacketSinkAllocationTest::replayOnInterface);
    }

    /** How the corpus is replayed into the sink: at least {@code atLeast} packets; returns how many. */
    private interface Replay {
        long run(CorpusPackets corpus, long atLeast, Dissector dissector, Packet packet, PacketSink sink)
                throws Exception;
    }

    private static void assertWritesWithoutAllocating(Replay replay) throws Exception {
        try (CorpusPackets corpus = CorpusPackets.load()) {
            SharedOutput shared = new SharedOutput(OutputStream.nullOutputStream(), false);
            LineOutput lines = new LineOutput(shared, "host", index -> "eth" + index, false, null);
            NdjsonPacketSink sink = new NdjsonPacketSink(lines);
            Dissector dissector = new Dissector();
            Packet packet = new Packet();

            replay.run(corpus, 300_000, dissector, packet, sink);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long measured = replay.run(corpus, MEASURED_PACKETS, dissector, packet, sink);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            lines.close();

            assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
            assertTrue(shared.lines() > measured, shared.lines() + " lines written");
        }
    }

    /** The corpus's packets as if captured on interface {@link #HIGH_INDEX}, at least {@code atLeast} of them. */
    private static long replayOnInterface(CorpusPackets corpus, long atLeast, Dissector dissector, Packet packet,
            PacketSink sink) throws Exception {
        long done = 0;
        while (done < atLeast) {
            for (int i = 0; i < corpus.count(); i++) {
                corpus.wrap(packet, i, (done + i) * 1_000, i + 1);
                packet.wrap(packet.segment(), packet.offset(), packet.capturedLength(), (int) packet.wireLength(),
                        packet.timestampNanos(), packet.linkType(), HIGH_INDEX, packet.sequence());
                dissector.dissect(packet);
                sink.accept(packet, dissector);
            }
            done += corpus.count();
        }
        return done;
    }
}
