package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.dissect.TunnelFrames;
import io.netzer.pipeline.PacketSink;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tunnelled packets cost no allocation either (DESIGN.md, rules of the hot path): dissecting them, writing their
 * {@code netzer.tunnel} object and printing their text line, over a million packets of every tunnel type.
 */
class TunnelSinksAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldDissectPrintAndWriteTunnelledPacketsWithoutAllocating() throws Exception {
        LineOutput lines = new LineOutput(OutputStream.nullOutputStream(), "host", index -> null, false, null);
        TextPacketSink text = new TextPacketSink(OutputStream.nullOutputStream(), false, false, false, 0,
                TextOptions.DEFAULT, true);
        PacketSink[] sinks = {new NdjsonPacketSink(lines), lines, text};
        List<byte[]> frames = TunnelFrames.all();
        MemorySegment[] segments = frames.stream().map(MemorySegment::ofArray).toArray(MemorySegment[]::new);
        Dissector dissector = new Dissector();
        Packet packet = new Packet();

        run(segments, 300_000, dissector, packet, sinks);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long measured = run(segments, MEASURED_PACKETS, dissector, packet, sinks);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
        assertTrue(dissector.tunnels().depth() > 0, "tunnels were taken off");
    }

    private static long run(MemorySegment[] segments, long atLeast, Dissector dissector, Packet packet,
            PacketSink[] sinks) throws Exception {
        long done = 0;
        while (done < atLeast) {
            for (MemorySegment segment : segments) {
                int length = (int) segment.byteSize();
                packet.wrap(segment, 0, length, length, done * 1000, LinkType.ETHERNET, 0, done + 1);
                dissector.dissect(packet);
                for (PacketSink sink : sinks) {
                    sink.accept(packet, dissector);
                }
                done++;
            }
            for (PacketSink sink : sinks) {
                sink.endOfBatch();
            }
        }
        return done;
    }
}
