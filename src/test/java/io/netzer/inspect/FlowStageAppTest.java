package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.app.HelloBuilder;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.testing.CaptureEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app inspector behind the real flow stage and TCP reassembly: a ClientHello cut into two TCP segments at
 * every byte, sent in order and in reverse order, gives the same server name each time.
 */
class FlowStageAppTest {
    private static final byte[] NO_DATA = {};
    private static final long CLIENT_ISN = 0xfffffff0L;   // the hello's bytes straddle the sequence wrap
    private static final long SERVER_ISN = 5000;

    @Test
    void shouldFindTheServerNameOfAHelloInTwoSegmentsCutAnywhereInEitherOrder() throws IOException {
        byte[] hello = new HelloBuilder().serverName("stage.example").alpn("h2", "http/1.1").record();
        RecordingEvents events = new RecordingEvents();
        AppInspector inspector = new AppInspector(new EventSink[] {events}, AppInspector.TLS, 64, 8, 8);
        FlowStage stage = new FlowStage(FlowConfig.defaults().withMaxFlows(4096), new StreamListener[] {inspector},
                new FlowEvents(new EventSink[] {events}));
        RawPackets raw = new RawPackets();
        List<String> expected = new ArrayList<>();
        long time = 1_000_000_000L;
        for (int cut = 1; cut < hello.length; cut++) {
            for (boolean reversed : new boolean[] {false, true}) {
                int port = 20000 + 2 * cut + (reversed ? 1 : 0);
                byte[] first = java.util.Arrays.copyOfRange(hello, 0, cut);
                byte[] second = java.util.Arrays.copyOfRange(hello, cut, hello.length);
                send(stage, raw, time++, true, port, CLIENT_ISN, 0, RawPackets.SYN, NO_DATA);
                send(stage, raw, time++, false, port, SERVER_ISN, CLIENT_ISN + 1, RawPackets.SYN | RawPackets.ACK,
                        NO_DATA);
                send(stage, raw, time++, true, port, CLIENT_ISN + 1, SERVER_ISN + 1, RawPackets.ACK, NO_DATA);
                long secondSeq = (CLIENT_ISN + 1 + cut) & 0xffffffffL;
                if (reversed) {
                    send(stage, raw, time++, true, port, secondSeq, SERVER_ISN + 1, RawPackets.ACK | RawPackets.PSH,
                            second);
                    send(stage, raw, time++, true, port, CLIENT_ISN + 1, SERVER_ISN + 1, RawPackets.ACK, first);
                } else {
                    send(stage, raw, time++, true, port, CLIENT_ISN + 1, SERVER_ISN + 1, RawPackets.ACK, first);
                    send(stage, raw, time++, true, port, secondSeq, SERVER_ISN + 1, RawPackets.ACK | RawPackets.PSH,
                            second);
                }
                expected.add("tls stage.example from " + port);
            }
        }
        CaptureEnd.of(stage);
        List<String> tls = events.events.stream().filter(e -> e.startsWith("tls ")).toList();
        assertEquals(expected, tls);
        assertEquals(2 * (hello.length - 1), events.events.stream().filter(e -> e.startsWith("flow ")).count());
        assertEquals(0, inspector.buffersInUse());
    }

    /**
     * The real capture issue 13 describes, crafted: a client sends 24 SYNs with different ISNs before the SYN-ACK,
     * which acknowledges the last one (or, the other case, an earlier one); the request and response after it are
     * one http event, nothing counted as retransmitted.
     */
    @Test
    void shouldFollowTheSynTheSynAckAcknowledgesAmongManyWithDifferentIsns() throws IOException {
        byte[] request = "GET /after-syns HTTP/1.1\r\nHost: syn.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int answered : new int[] {23, 5}) {
            RecordingEvents events = new RecordingEvents();
            AppInspector inspector = new AppInspector(new EventSink[] {events}, AppInspector.HTTP, 64, 8, 8);
            FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[] {inspector},
                    new FlowEvents(new EventSink[] {events}));
            RawPackets raw = new RawPackets();
            long time = 1_000_000_000L;
            long[] isns = new long[24];
            for (int i = 0; i < isns.length; i++) {
                isns[i] = (0x9e3779b9L * (i + 1)) & 0xffffffffL;
                send(stage, raw, time++, true, 30000, isns[i], 0, RawPackets.SYN, NO_DATA, 80);
            }
            long client = (isns[answered] + 1) & 0xffffffffL;
            send(stage, raw, time++, false, 30000, SERVER_ISN, client, RawPackets.SYN | RawPackets.ACK, NO_DATA, 80);
            send(stage, raw, time++, true, 30000, client, SERVER_ISN + 1, RawPackets.ACK, NO_DATA, 80);
            send(stage, raw, time++, true, 30000, client, SERVER_ISN + 1, RawPackets.ACK | RawPackets.PSH, request, 80);
            send(stage, raw, time++, false, 30000, SERVER_ISN + 1, client + request.length,
                    RawPackets.ACK | RawPackets.PSH, response, 80);
            CaptureEnd.of(stage);
            assertEquals(List.of("http GET syn.example/after-syns -> 200 from 30000", "flow 30000 end_of_capture"),
                    events.events, "SYN-ACK acknowledges SYN " + answered);
            assertEquals(0, stage.statistics().retransmittedBytes(), "SYN " + answered);
        }
    }

    private static void send(FlowStage stage, RawPackets raw, long time, boolean fromClient, int clientPort, long seq,
            long ack, int flags, byte[] payload) throws IOException {
        send(stage, raw, time, fromClient, clientPort, seq, ack, flags, payload, 443);
    }

    private static void send(FlowStage stage, RawPackets raw, long time, boolean fromClient, int clientPort, long seq,
            long ack, int flags, byte[] payload, int serverPort) throws IOException {
        byte[] bytes = fromClient
                ? RawPackets.tcp(RawPackets.CLIENT, clientPort, RawPackets.SERVER, serverPort, seq, ack, flags, payload)
                : RawPackets.tcp(RawPackets.SERVER, serverPort, RawPackets.CLIENT, clientPort, seq, ack, flags,
                        payload);
        raw.wrap(bytes, time);
        stage.accept(raw.packet(), raw.dissector());
    }
}
