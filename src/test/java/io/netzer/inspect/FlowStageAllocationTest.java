package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.FlowStatistics;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowStage;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Flow tracking and reassembly allocate nothing per packet once the table, the reassembler's arrays and its page
 * pool have grown (DESIGN.md, rules of the hot path): over a million synthetic packets of thousands of flows
 * that start, carry data in order and out of order, close and start again on the same ports, the worker's
 * thread allocates less than one byte per packet. The app inspector listens too: each direction's data is the
 * start of a TLS record that never completes, so with its pool of 8 stream buffers every direction takes one back
 * from the longest idle (the reclaim path).
 */
class FlowStageAllocationTest {
    private static final int FLOWS = 4096;
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final long WARM_UP_PACKETS = 300_000;
    private static final long MICROSECOND = 1_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private long clock = 1_700_000_000_000_000_000L;
    private long streamBytes;
    private long flowEvents;

    private final StreamListener counter = new StreamListener() {
        @Override
        public void flowStarted(int flow) {
        }

        @Override
        public void packet(Packet p, Dissector d, int flow, int direction) {
        }

        @Override
        public void streamData(int flow, int direction, MemorySegment data, long offset, int length,
                Packet packet) {
            streamBytes += length;
        }

        @Override
        public void streamGap(int flow, int direction, long bytes) {
        }

        @Override
        public void flowEnded(int flow) {
        }
    };

    private final FlowEventListener events = new FlowEventListener() {
        @Override
        public void flowUpdated(FlowView flow) {
            flowEvents++;
        }

        @Override
        public void flowEnded(FlowView flow) {
            flowEvents += flow.packets(0);
        }
    };

    /**
     * One connection's packets: handshake, the client's second segment before its first (held, then released),
     * a server reply, FINs. The next pass sends the SYN again on the same ports: a new flow in the same slot.
     */
    private static byte[][] connection(int index) {
        FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000000 + index, 10000 + index, 0x0b000001, 443);
        byte[] data = new byte[700];
        // Handshake record of 2048 bytes holding a ClientHello of 2044: the 1400 bytes sent leave it partial.
        System.arraycopy(new byte[] {22, 3, 1, 0x08, 0x00, 1, 0, 0x07, (byte) 0xfc}, 0, data, 0, 9);
        return new byte[][] {
            FlowFrames.tcp(e, true, 1000, 0, FlowFrames.SYN, new byte[0]),
            FlowFrames.tcp(e, false, 5000, 1001, FlowFrames.SYN | FlowFrames.ACK, new byte[0]),
            FlowFrames.tcp(e, true, 1001, 5001, FlowFrames.ACK, new byte[0]),
            FlowFrames.tcp(e, true, 1701, 5001, FlowFrames.ACK, data),
            FlowFrames.tcp(e, true, 1001, 5001, FlowFrames.ACK, data),
            FlowFrames.tcp(e, false, 5001, 2401, FlowFrames.ACK, data),
            FlowFrames.tcp(e, true, 2401, 5701, FlowFrames.ACK | FlowFrames.FIN, new byte[0]),
            FlowFrames.tcp(e, false, 5701, 2402, FlowFrames.ACK | FlowFrames.FIN, new byte[0]),
        };
    }

    @Test
    void shouldNotAllocatePerPacketOnceWarm() throws IOException {
        // Segments made once: wrapping an array in a segment per packet would be the test's own allocation.
        MemorySegment[][] connections = new MemorySegment[FLOWS][];
        for (int i = 0; i < FLOWS; i++) {
            byte[][] frames = connection(i);
            connections[i] = new MemorySegment[frames.length];
            for (int k = 0; k < frames.length; k++) {
                connections[i][k] = MemorySegment.ofArray(frames[k]);
            }
        }
        AppInspector inspector = new AppInspector(new EventSink[] {new RecordingEvents()}, AppInspector.TLS, 64,
                8, 8);
        FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[] {counter, inspector}, events);

        long warmedUp = run(stage, connections, WARM_UP_PACKETS);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long measured = run(stage, connections, MEASURED_PACKETS);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        CaptureEnd.of(stage);

        assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
        FlowStatistics statistics = stage.statistics();
        long connectionsSent = (warmedUp + measured) / connections[0].length;
        assertEquals(connectionsSent, statistics.created());
        assertEquals(connectionsSent * 3 * 700, statistics.deliveredBytes());
        assertEquals(streamBytes, statistics.deliveredBytes());
        assertTrue(statistics.peakHeldBytes() >= FLOWS * 1024L, "out-of-order segments were held");
        assertEquals(0, statistics.gapBytes());
        // Both directions of every connection leave a partial record and take a buffer back, except the first 8
        // of each pass: the last 8 holders of the pass before gave theirs back when their connections started again.
        long passes = connectionsSent / FLOWS;
        assertEquals(2 * connectionsSent - 8 * passes, inspector.count(InspectorCounter.BUFFER_RECLAIMED_IDLE));
        stage.close();
    }

    /** Sends whole passes (packet k of every connection, then k + 1) until at least {@code atLeast} packets. */
    private long run(FlowStage stage, MemorySegment[][] connections, long atLeast) throws IOException {
        long sent = 0;
        while (sent < atLeast) {
            for (int k = 0; k < connections[0].length; k++) {
                for (MemorySegment[] connection : connections) {
                    MemorySegment frame = connection[k];
                    int length = (int) frame.byteSize();
                    clock += MICROSECOND;
                    packet.wrap(frame, 0, length, length, clock, LinkType.ETHERNET, 0, sent);
                    dissector.dissect(packet);
                    stage.accept(packet, dissector);
                    sent++;
                }
            }
        }
        return sent;
    }
}
