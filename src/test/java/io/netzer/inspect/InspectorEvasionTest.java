package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.app.HelloBuilder;
import io.netzer.app.Malformation;
import io.netzer.app.QuicInitialSealer;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowStage;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 6: ways to hide a message from the inspector, each through the real flow stage, reassembly
 * and inspector with crafted frames: a QUIC Initial whose CRYPTO bytes overlap earlier ones, a ClientHello over
 * many TLS records, HTTP requests with odd body framing, retransmissions that change bytes already delivered.
 */
class InspectorEvasionTest {
    private static final int SERVER = 0x0b000001;
    private static final byte[] NO_DATA = {};
    private static final int SEGMENT = 1400;

    private final RecordingEvents events = new RecordingEvents();
    private final AppInspector inspector = new AppInspector(new EventSink[] {events},
            AppInspector.TLS | AppInspector.HTTP | AppInspector.DNS, 64, 8, 8);
    private final FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[] {inspector},
            FlowEventListener.NONE);
    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private long clock = 1_700_000_000_000_000_000L;

    @Test
    void shouldKeepTheServerNameOfTheFirstQuicInitialWhenALaterOneOverlapsIt() throws Exception {
        byte[] id = HexFormat.of().parseHex("8394c8f03e515708");
        byte[] real = new HelloBuilder().serverName("first.example").handshake();
        byte[] forged = new HelloBuilder().serverName("forge.example").handshake();
        FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000001, 50000, SERVER, 443);
        // The real client's first Initial holds all but the hello's last 5 bytes (the same in both names' hellos);
        // a spoofed Initial then carries the whole forged hello from offset 0.
        udp(e, QuicInitialSealer.sealV1(id, 0, QuicInitialSealer.crypto(0, real, 0, real.length - 5)));
        udp(e, QuicInitialSealer.sealV1(id, 1, QuicInitialSealer.crypto(0, forged, 0, forged.length)));
        CaptureEnd.of(stage);
        assertEquals(List.of("quic first.example from 50000"), events.events);
        assertEquals(1, inspector.count(InspectorCounter.QUIC_CRYPTO_CONFLICTS));
    }

    @Test
    void shouldReadAHelloSpreadOver65Records() throws IOException {
        byte[] handshake = new HelloBuilder().serverName("sixty-five.example").alpn("h2").handshake();
        // 64 records of one byte, then one record with the rest.
        byte[] ones = HelloBuilder.records(Arrays.copyOf(handshake, 64), 1);
        byte[] rest = HelloBuilder.records(Arrays.copyOfRange(handshake, 64, handshake.length), handshake.length);
        byte[] stream = Arrays.copyOf(ones, ones.length + rest.length);
        System.arraycopy(rest, 0, stream, ones.length, rest.length);
        tcpStream(40001, 443, stream);
        CaptureEnd.of(stage);
        assertEquals(List.of("tls sixty-five.example from 40001"), events.events);
    }

    @Test
    void shouldReadAHelloOf40KiBInOneByteRecordsUpToItsOwnLengthCap() throws IOException {
        byte[] handshake = new HelloBuilder().serverName("padded.example").extension(0x0015, new byte[40_000])
                .handshake();
        byte[] stream = HelloBuilder.records(handshake, 1);
        tcpStream(40002, 443, stream);
        CaptureEnd.of(stage);
        assertEquals(List.of("tls padded.example from 40002"), events.events);
        assertEquals(0, inspector.count(InspectorCounter.MESSAGE_TOO_LONG));
        assertEquals(0, inspector.buffersInUse());
    }

    @Test
    void shouldReportRequestsWhateverTheirBodyFramingAndNameTheFlaw() throws IOException {
        String[][] cases = {
            {"Content-Length: -1\r\n", "HTTP_BAD_CONTENT_LENGTH"},
            {"Content-Length: 99999999999999999999999\r\n", "HTTP_CONTENT_LENGTH_TOO_LARGE"},
            {"Content-Length: 5\r\nContent-Length: 6\r\n", "HTTP_CONTENT_LENGTH_CONFLICT"},
            {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "HTTP_CHUNKED_WITH_CONTENT_LENGTH"},
        };
        int port = 41000;
        for (String[] c : cases) {
            events.events.clear();
            byte[] stream = ("POST /odd HTTP/1.1\r\nHost: odd.example\r\n" + c[0] + "\r\nhello"
                    + "GET /hidden HTTP/1.1\r\nHost: odd.example\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            tcpStream(port, 80, stream);
            CaptureEnd.of(stage);
            assertEquals(List.of("http POST odd.example/odd from " + port), events.events, c[0]);
            assertEquals(1, inspector.malformed(Malformation.valueOf(c[1])), c[0]);
            port++;
        }
        assertEquals(4, inspector.count(InspectorCounter.HTTP_FRAMING_STOPPED));
    }

    @Test
    void shouldCountEveryConflictingRetransmissionOfBytesAlreadyDelivered() throws IOException {
        byte[] real = "GET /real HTTP/1.1\r\nHost: real.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] fake = "GET /fake HTTP/1.1\r\nHost: fake.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        tcpStream(42000, 80, real);
        FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000001, 42000, SERVER, 80);
        tcp(e, true, 1001, 5001, FlowFrames.ACK, fake);
        byte[] body = new byte[100];
        for (int i = 0; i < 10_000; i++) {
            long seq = 1001 + real.length + 100L * i;
            Arrays.fill(body, (byte) 'a');
            tcp(e, true, seq, 5001, FlowFrames.ACK, body);
            Arrays.fill(body, (byte) 'b');
            tcp(e, true, seq, 5001, FlowFrames.ACK, body);
        }
        byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        tcp(e, false, 5001, 1001 + real.length, FlowFrames.ACK, response);
        assertEquals(List.of("http GET real.example/real -> 200 from 42000"), events.events);
        assertEquals(10_001, stage.statistics().overlapsDiffering());
    }

    @Test
    void shouldSeeARequestThatFollowsOutOfOrderDataWithinTheBudget() throws IOException {
        assertEquals(List.of("http GET late.example/late -> 204 from 43000"), requestAfterOutOfOrder(43000, 500));
        assertEquals(0, inspector.count(InspectorCounter.GAP_ABANDONED));
    }

    @Test
    void shouldCountTheRequestHiddenByOutOfOrderDataBeyondTheBudget() throws IOException {
        assertEquals(List.of("http - -> 204 from 43001"), requestAfterOutOfOrder(43001, 520), "the response alone");
        assertEquals(1, inspector.count(InspectorCounter.GAP_ABANDONED));
        assertTrue(stage.statistics().forcedGapBytes() > 0, "the gap before the held bytes was skipped to make room");
    }

    /**
     * After the handshake, {@code segments} full-size segments (1400 bytes, two 1 KiB pages each) that lie 100
     * bytes past the end of a request, then the request: 512 such segments fill the 1 MiB out-of-order budget.
     */
    private List<String> requestAfterOutOfOrder(int port, int segments) throws IOException {
        byte[] request = "GET /late HTTP/1.1\r\nHost: late.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000001, port, SERVER, 80);
        tcpStream(port, 80, new byte[0]);
        byte[] data = new byte[SEGMENT];
        for (int i = 0; i < segments; i++) {
            tcp(e, true, 1001 + request.length + 100 + (long) SEGMENT * i, 5001, FlowFrames.ACK, data);
        }
        tcp(e, true, 1001, 5001, FlowFrames.ACK, request);
        byte[] response = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        tcp(e, false, 5001, 1001 + request.length, FlowFrames.ACK, response);
        return events.events;
    }

    /** A connection from {@code clientPort}: handshake, then {@code stream} in segments of 1400 bytes. */
    private void tcpStream(int clientPort, int serverPort, byte[] stream) throws IOException {
        FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000001, clientPort, SERVER, serverPort);
        tcp(e, true, 1000, 0, FlowFrames.SYN, NO_DATA);
        tcp(e, false, 5000, 1001, FlowFrames.SYN | FlowFrames.ACK, NO_DATA);
        tcp(e, true, 1001, 5001, FlowFrames.ACK, NO_DATA);
        for (int at = 0; at < stream.length; at += SEGMENT) {
            byte[] piece = Arrays.copyOfRange(stream, at, Math.min(stream.length, at + SEGMENT));
            tcp(e, true, 1001 + at, 5001, FlowFrames.ACK, piece);
        }
    }

    private void tcp(FlowFrames.Endpoints e, boolean fromClient, long seq, long ack, int flags, byte[] payload)
            throws IOException {
        accept(FlowFrames.tcp(e, fromClient, seq, ack, flags, payload));
    }

    private void udp(FlowFrames.Endpoints e, byte[] payload) throws IOException {
        accept(FlowFrames.udp(e, true, payload));
    }

    private void accept(byte[] frame) throws IOException {
        clock += 1_000;
        FlowFrames.dissect(frame, clock, packet, dissector);
        stage.accept(packet, dissector);
    }
}
