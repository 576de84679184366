package io.netzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.FlowStatistics;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow stage: events for each end and update, the calls stream listeners get, and the counters. */
class FlowStageTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_700_000_000L * SECOND;
    private static final FlowFrames.Endpoints DNS = FlowFrames.Endpoints.ipv4(0x0a000001, 5353, 0x0a000003, 53);

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private final List<String> events = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Long> retransmitted = new ArrayList<>();
    private FlowStage stage;

    private final FlowEventListener eventRecorder = new FlowEventListener() {
        @Override
        public void flowUpdated(FlowView flow) {
            events.add("update " + flow.initiatorPort() + " " + flow.endReason().label());
        }

        @Override
        public void flowEnded(FlowView flow) {
            events.add("end " + flow.initiatorPort() + " " + flow.endReason().label() + " " + flow.state().label()
                    + " " + flow.packets(0) + "/" + flow.packets(1));
            retransmitted.add(flow.retransmittedBytes());
        }
    };

    private final StreamListener streamRecorder = new StreamListener() {
        @Override
        public void flowStarted(int flow) {
            calls.add("started " + flow);
        }

        @Override
        public void packet(Packet p, Dissector d, int flow, int direction) {
            calls.add("packet " + flow + " " + direction);
        }

        @Override
        public void streamData(int flow, int direction, MemorySegment data, long offset, int length,
                Packet packet) {
            calls.add("data " + flow + " " + direction + " " + length);
        }

        @Override
        public void streamGap(int flow, int direction, long bytes) {
            calls.add("gap " + flow + " " + direction + " " + bytes);
        }

        @Override
        public void flowEnded(int flow) {
            calls.add("ended " + flow);
        }
    };

    private static byte[] client(int port, int ack, int flags, int length) {
        return FlowFrames.tcp(endpoints(port), true, 1, ack, flags, new byte[length]);
    }

    private static byte[] server(int port, int ack, int flags, int length) {
        return FlowFrames.tcp(endpoints(port), false, 2, ack, flags, new byte[length]);
    }

    private static FlowFrames.Endpoints endpoints(int clientPort) {
        return FlowFrames.Endpoints.ipv4(0x0a000001, clientPort, 0x0a000002, 80);
    }

    private void start(FlowConfig config) {
        stage = new FlowStage(config, new StreamListener[] {streamRecorder}, eventRecorder);
    }

    private void send(byte[] frame, long nanos) throws IOException {
        packet.wrap(MemorySegment.ofArray(frame), 0, frame.length, frame.length, nanos, LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
        stage.accept(packet, dissector);
    }

    @Test
    void shouldCallStreamListenersInTheContractsOrder() throws IOException {
        start(FlowConfig.defaults());
        send(client(40000, 0, FlowFrames.SYN, 0), START);
        send(server(40000, 2, FlowFrames.SYN | FlowFrames.ACK, 0), START);
        send(FlowFrames.tcp(endpoints(40000), true, 2, 3, FlowFrames.ACK, new byte[10]), START);
        CaptureEnd.of(stage);

        assertEquals(List.of("started 0", "packet 0 0", "packet 0 1", "packet 0 0", "data 0 0 10", "ended 0"), calls);
        assertEquals(List.of("end 40000 end_of_capture established 2/1"), events);
    }

    @Test
    void shouldReportTheFlowsRetransmittedBytesInItsEvent() throws IOException {
        start(FlowConfig.defaults());
        send(client(40000, 0, FlowFrames.SYN, 0), START);
        send(server(40000, 2, FlowFrames.SYN | FlowFrames.ACK, 0), START);
        byte[] data = FlowFrames.tcp(endpoints(40000), true, 2, 3, FlowFrames.ACK, new byte[10]);
        send(data, START);
        send(data, START + SECOND);
        CaptureEnd.of(stage);

        assertEquals(List.of(10L), retransmitted);
    }

    @Test
    void shouldReportRetransmittedBytesUnknownWithoutReassembly() throws IOException {
        stage = new FlowStage(FlowConfig.defaults(), new StreamListener[0], eventRecorder);
        byte[] data = FlowFrames.tcp(endpoints(40000), true, 2, 3, FlowFrames.ACK, new byte[10]);
        send(data, START);
        send(data, START + SECOND);
        CaptureEnd.of(stage);

        assertEquals(List.of(FlowView.NOT_REASSEMBLED), retransmitted);
    }

    @Test
    void shouldEvictTheLongestIdleFlowAtTheCapAndCountIt() throws IOException {
        start(FlowConfig.defaults().withMaxFlows(2));
        send(client(40000, 0, FlowFrames.SYN, 0), START);
        send(client(40001, 0, FlowFrames.SYN, 0), START + SECOND);
        send(client(40000, 1, FlowFrames.ACK, 0), START + 2 * SECOND);
        send(client(40002, 0, FlowFrames.SYN, 0), START + 3 * SECOND);

        assertEquals(List.of("end 40001 evicted new 1/0"), events);
        FlowStatistics statistics = stage.statistics();
        assertEquals(3, statistics.created());
        assertEquals(1, statistics.evicted());
        assertEquals(2, statistics.held());
    }

    @Test
    void shouldEndIdleFlowsByPacketTimeAndOnIdleTicks() throws IOException {
        start(FlowConfig.defaults());
        send(FlowFrames.udp(DNS, true, new byte[4]), START);
        send(client(40000, 0, FlowFrames.SYN, 0), START + 59 * SECOND);
        assertTrue(events.isEmpty());

        send(client(40000, 0, FlowFrames.ACK, 0), START + 60 * SECOND);
        assertEquals(List.of("end 5353 idle_timeout new 1/0"), events);

        stage.idle(START + 360 * SECOND);
        assertEquals("end 40000 idle_timeout new 2/0", events.get(1));
        assertEquals(0, stage.statistics().held());
    }

    @Test
    void shouldStartANewFlowWhenASynReusesThePortsAfterFin() throws IOException {
        start(FlowConfig.defaults());
        send(client(40000, 0, FlowFrames.SYN, 0), START);
        send(server(40000, 1, FlowFrames.SYN | FlowFrames.ACK, 0), START);
        send(client(40000, 1, FlowFrames.FIN | FlowFrames.ACK, 0), START + SECOND);
        send(server(40000, 1, FlowFrames.FIN | FlowFrames.ACK, 0), START + SECOND);
        send(client(40000, 0, FlowFrames.SYN, 0), START + 2 * SECOND);

        assertEquals(List.of("end 40000 closed closed 2/2"), events);
        assertEquals(2, stage.statistics().created());
    }

    @Test
    void shouldSendUpdatesAtTheActiveTimeout() throws IOException {
        start(FlowConfig.defaults());
        for (long t = 0; t <= 310; t += 10) {
            send(FlowFrames.udp(DNS, true, new byte[4]), START + t * SECOND);
        }
        assertEquals(List.of("update 5353 active_timeout"), events);
    }

    @Test
    void shouldEndTheFlowsOfAFloodAtTheCapturesEndInRounds() throws IOException {
        start(FlowConfig.defaults());
        int flows = 1000;
        for (int i = 0; i < flows; i++) {
            send(FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0a000001, 1024 + i, 0x0a000003, 53), true, new byte[4]),
                    START);
        }
        int rounds = 1;
        while (stage.endOfCapture()) {
            rounds++;
        }
        assertEquals(flows, events.size());
        assertTrue(rounds > flows / 256, rounds + " rounds");
        assertFalse(stage.endOfCapture(), "nothing left");
        assertEquals(flows, events.size());
    }

    @Test
    void shouldEndAtMostABudgetOfTimedOutFlowsAQuietPoll() throws IOException {
        start(FlowConfig.defaults());
        int flows = FlowStage.FLOWS_PER_IDLE * 2 + 100;
        for (int i = 0; i < flows; i++) {
            send(FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0a000001, 1024 + i, 0x0a000003, 53), true, new byte[4]),
                    START);
        }
        long quiet = START + 3600 * SECOND;
        stage.idle(quiet);
        assertEquals(FlowStage.FLOWS_PER_IDLE, events.size());
        stage.idle(quiet + SECOND);
        stage.idle(quiet + 2 * SECOND);
        assertEquals(flows, events.size());
        assertTrue(events.stream().allMatch(e -> e.contains(" idle_timeout ")), events.get(0));
    }

    @Test
    void shouldCountPacketsWithoutIpAndGiveThemNoFlow() throws IOException {
        start(FlowConfig.defaults());
        byte[] arp = new byte[42];
        arp[12] = 0x08;  // EtherType 0x0806: ARP
        arp[13] = 0x06;
        send(arp, START);

        assertEquals(1, stage.packetsWithoutFlow());
        assertTrue(calls.isEmpty());
    }
}
