package io.netzer.inspect;

import static io.netzer.flow.StreamListener.FROM_INITIATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.app.HelloBuilder;
import io.netzer.pipeline.EventSink;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No allocation per packet in the inspector for packets that produce no event, once warm: HTTP bodies stepped
 * over, TLS application data after the hello, UDP datagrams of no interest, and flows that start and end
 * (their state is reused slots and pooled buffers), and partial hellos of flows without a handshake that take
 * buffers back from each other when the pool is empty. Measured with the JVM's per-thread allocation counter
 * over a million calls.
 */
class AppInspectorAllocationTest {
    private static final int WARM_UP_ROUNDS = 20_000;
    private static final int MEASURED_ROUNDS = 200_000;
    private static final int CALLS_PER_ROUND = 9;
    /** Slots that take turns holding a partial hello, twice as many as the pool's buffers: each takes one back. */
    private static final int PARTIAL_SLOTS = 16;
    private static final int FIRST_PARTIAL_SLOT = 3;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldNotAllocateForPacketsThatProduceNoEvent() {
        RecordingEvents events = new RecordingEvents();
        AppInspector inspector = new AppInspector(new EventSink[] {events},
                AppInspector.TLS | AppInspector.DNS | AppInspector.HTTP, 64, 8, 8);
        RawPackets tcp = new RawPackets().wrap(RawPackets.tcp(RawPackets.CLIENT, 40000, RawPackets.SERVER, 80, 1, 1,
                RawPackets.ACK, new byte[1000]), 1);
        RawPackets udp = new RawPackets().wrap(RawPackets.udp(RawPackets.CLIENT, 40001, RawPackets.SERVER, 9999,
                new byte[] {0x40, 1, 2, 3, 4, 5}), 1);
        RawPackets udpReply = new RawPackets().wrap(RawPackets.udp(RawPackets.SERVER, 9999, RawPackets.CLIENT, 40001,
                new byte[] {0x40, 5, 4, 3}), 1);
        RawPackets shortUdp = new RawPackets().wrap(RawPackets.udp(RawPackets.CLIENT, 40002, RawPackets.SERVER, 9999,
                new byte[] {0x40, 1, 2, 3, 4, 5}), 1);
        // The flows picked up mid-stream, each to a server of its own.
        RawPackets[] partialTcp = new RawPackets[PARTIAL_SLOTS];
        for (int i = 0; i < PARTIAL_SLOTS; i++) {
            partialTcp[i] = new RawPackets().wrap(RawPackets.tcp(RawPackets.CLIENT, 40000,
                    RawPackets.SERVER + FIRST_PARTIAL_SLOT + i, 443, 1, 1, RawPackets.ACK, new byte[60]), 1);
        }
        FlowFeed feed = new FlowFeed(inspector);
        byte[] head = "POST /big HTTP/1.1\r\nHost: b.example\r\nContent-Length: 999999999999\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        MemorySegment body = MemorySegment.ofArray(new byte[1400]);
        MemorySegment partial = MemorySegment.ofArray(new HelloBuilder().serverName("partial.example").record());
        int[] turn = {0};
        // Flow 0: an HTTP upload whose body never ends. Flow 1: a UDP flow of no interest.
        inspector.flowStarted(0);
        feed.packet(inspector, tcp, 0);
        inspector.streamData(0, FROM_INITIATOR, MemorySegment.ofArray(head), 0, head.length, tcp.packet());
        inspector.flowStarted(1);
        feed.packet(inspector, udp, 1);
        inspector.flowStarted(2);
        feed.packet(inspector, shortUdp, 2);
        for (int i = 0; i < PARTIAL_SLOTS; i++) {
            inspector.flowStarted(FIRST_PARTIAL_SLOT + i);
            feed.packet(inspector, partialTcp[i], FIRST_PARTIAL_SLOT + i);
        }
        assertEquals(0, events.events.size(), "the request waits for its response");
        Runnable round = () -> {
            feed.packet(inspector, tcp, 0);
            inspector.streamData(0, FROM_INITIATOR, body, 0, 1400, tcp.packet());
            feed.packet(inspector, udp, 1);
            feed.packet(inspector, udpReply, 1);
            // A short flow in slot 2: started, one datagram, ended.
            inspector.flowStarted(2);
            feed.packet(inspector, shortUdp, 2);
            inspector.flowEnded(2);
            // A partial hello of a flow picked up mid-stream: the pool of 8 is full, the longest idle is taken back.
            int slot = FIRST_PARTIAL_SLOT + turn[0] % PARTIAL_SLOTS;
            RawPackets segment = partialTcp[turn[0]++ % PARTIAL_SLOTS];
            inspector.flowStarted(slot);
            feed.packet(inspector, segment, slot);
            inspector.streamData(slot, FROM_INITIATOR, partial, 0, 60, segment.packet());
        };
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            round.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            round.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long calls = (long) MEASURED_ROUNDS * CALLS_PER_ROUND;
        assertTrue(allocated < calls / 10, "allocated " + allocated + " bytes over " + calls + " calls");
        inspector.flowEnded(0);
        assertEquals(List.of("http POST b.example/big from 40000"), events.events, "written unanswered at the end");
        // All packets share one time, so the lowest id is the longest idle: most turns, not all, take one back.
        long reclaimed = inspector.count(InspectorCounter.BUFFER_RECLAIMED_NO_HANDSHAKE);
        assertTrue(reclaimed > (WARM_UP_ROUNDS + MEASURED_ROUNDS) / 2, reclaimed + " buffers taken back");
    }
}
