package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.app.HelloBuilder;
import io.netzer.app.ServerHelloBuilder;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowStage;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 5: spoofed flows that each leave one partial message (a TLS record or an HTTP head cut short)
 * must not take the inspector's stream buffers from the real traffic that follows. Crafted frames through the
 * real flow stage, reassembly and inspector, with the default pool of {@link AppInspector#DEFAULT_MAX_BUFFERS}.
 * Before the buffers were taken back, 256 such flows made 0 of 5 real hellos visible (255: 5 of 5).
 */
class InspectorFloodTest {
    private static final int REAL = 5;
    private static final int SERVER = 0x0b000001;
    private static final long MILLISECOND = 1_000_000L;
    private static final byte[] NO_DATA = {};

    private final RecordingEvents events = new RecordingEvents();
    private final AppInspector inspector = new AppInspector(new EventSink[] {events},
            AppInspector.TLS | AppInspector.HTTP, 1024, AppInspector.DEFAULT_MAX_BUFFERS, 8);
    private final FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[] {inspector},
            FlowEventListener.NONE);
    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private final byte[] partialRecord = Arrays.copyOf(new HelloBuilder().serverName("spoof.example").record(), 40);
    private final byte[] partialHead = "GET /spoof HTTP/1.1\r\nHost: spoof.exa".getBytes(StandardCharsets.US_ASCII);
    private long clock = 1_700_000_000_000_000_000L;

    @Test
    void shouldReportEveryRealHelloAfter256SpoofedPartialRecords() throws IOException {
        spoof(256, false, false);
        assertEquals(expected(), realHellos());
        // The first real hello takes the longest idle spoofed buffer and gives it back complete; the rest reuse it.
        assertEquals(1, inspector.count(InspectorCounter.BUFFER_RECLAIMED_NO_HANDSHAKE));
    }

    @Test
    void shouldReportEveryRealHelloAfter10000SpoofedPartialRecordsAndHeads() throws IOException {
        spoof(10_000, true, false);
        assertEquals(expected(), realHellos(), "share of real hellos reported after 10,000 spoofed messages");
        assertEquals(10_000 - AppInspector.DEFAULT_MAX_BUFFERS + 1,
                inspector.count(InspectorCounter.BUFFER_RECLAIMED_NO_HANDSHAKE));
        assertEquals(0, inspector.count(InspectorCounter.BUFFER_POOL_EXHAUSTED));
        assertEquals(AppInspector.DEFAULT_MAX_BUFFERS - 1, inspector.buffersInUse());
    }

    @Test
    void shouldKeepTheRealHellosWhoseHalvesAre10000SpoofedMessagesApart() throws IOException {
        for (int i = 0; i < REAL; i++) {
            handshake(real(i));
            send(real(i), true, 1001, 5001, FlowFrames.ACK, firstHalf());
        }
        spoof(10_000, true, false);
        for (int i = 0; i < REAL; i++) {
            send(real(i), true, 1001 + firstHalf().length, 5001, FlowFrames.ACK | FlowFrames.PSH, secondHalf());
            answer(real(i));
        }
        assertEquals(expected(), events.events);
        assertEquals(0, inspector.count(InspectorCounter.BUFFER_POOL_EXHAUSTED));
    }

    @Test
    void shouldGiveTheLongestIdleBufferToARealHelloWhenTheSpoofedFlowsForgeTheirHandshakes() throws IOException {
        spoof(1_000, false, true);
        assertEquals(expected(), realHellos());
        assertEquals(1_000 - AppInspector.DEFAULT_MAX_BUFFERS + 1, inspector.count(InspectorCounter.BUFFER_RECLAIMED_IDLE));
        assertEquals(0, inspector.count(InspectorCounter.BUFFER_RECLAIMED_NO_HANDSHAKE));
    }

    @Test
    void shouldNotLetAStreamWithoutHandshakeTakeAFreshBufferOfOneWithIt() throws IOException {
        spoof(AppInspector.DEFAULT_MAX_BUFFERS, false, true);
        FlowFrames.Endpoints late = FlowFrames.Endpoints.ipv4(0x0c000001, 50000, SERVER, 443);
        send(late, true, 1, 1, FlowFrames.ACK, partialRecord);
        assertEquals(1, inspector.count(InspectorCounter.BUFFER_POOL_EXHAUSTED));
        clock += AppInspector.TRUSTED_HOLD_NANOS;
        send(FlowFrames.Endpoints.ipv4(0x0c000002, 50001, SERVER, 443), true, 1, 1, FlowFrames.ACK, partialRecord);
        assertEquals(1, inspector.count(InspectorCounter.BUFFER_RECLAIMED_IDLE));
    }

    /**
     * {@code count} flows from distinct spoofed sources, each one segment holding a message's first bytes (a TLS
     * record, or every other one an HTTP head when {@code heads}); with {@code forged}, each after a SYN, a SYN-ACK
     * and an ACK that completes it, as an attacker forging both sides would send them.
     */
    private void spoof(int count, boolean heads, boolean forged) throws IOException {
        for (int i = 0; i < count; i++) {
            boolean head = heads && i % 2 == 1;
            FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x64000000 + i, 20000 + i % 40000, SERVER,
                    head ? 80 : 443);
            if (forged) {
                handshake(e);
            }
            send(e, true, 1001, 5001, FlowFrames.ACK, head ? partialHead : partialRecord);
        }
    }

    /** The five real clients, after the flood: handshake, then each hello in two segments. */
    private List<String> realHellos() throws IOException {
        events.events.clear();
        for (int i = 0; i < REAL; i++) {
            handshake(real(i));
            send(real(i), true, 1001, 5001, FlowFrames.ACK, firstHalf());
            send(real(i), true, 1001 + firstHalf().length, 5001, FlowFrames.ACK | FlowFrames.PSH, secondHalf());
            answer(real(i));
        }
        return events.events;
    }

    private static List<String> expected() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < REAL; i++) {
            expected.add("tls real.example from " + (40000 + i));
        }
        return expected;
    }

    private static FlowFrames.Endpoints real(int i) {
        return FlowFrames.Endpoints.ipv4(0x0a000001, 40000 + i, SERVER, 443);
    }

    private static byte[] hello() {
        return new HelloBuilder().serverName("real.example").alpn("h2").record();
    }

    private static byte[] firstHalf() {
        return Arrays.copyOf(hello(), 100);
    }

    private static byte[] secondHalf() {
        byte[] hello = hello();
        return Arrays.copyOfRange(hello, 100, hello.length);
    }

    /** The server's TLS 1.3 first flight, which resolves the handshake and writes its event. */
    private void answer(FlowFrames.Endpoints e) throws IOException {
        send(e, false, 5001, 1001 + hello().length, FlowFrames.ACK | FlowFrames.PSH, ServerHelloBuilder.tls13Flight());
    }

    /** SYN (ISN 1000), SYN-ACK (ISN 5000), ACK 5001. */
    private void handshake(FlowFrames.Endpoints e) throws IOException {
        send(e, true, 1000, 0, FlowFrames.SYN, NO_DATA);
        send(e, false, 5000, 1001, FlowFrames.SYN | FlowFrames.ACK, NO_DATA);
        send(e, true, 1001, 5001, FlowFrames.ACK, NO_DATA);
    }

    private void send(FlowFrames.Endpoints e, boolean fromClient, long seq, long ack, int flags, byte[] payload)
            throws IOException {
        clock += MILLISECOND / 10;
        FlowFrames.dissect(FlowFrames.tcp(e, fromClient, seq, ack, flags, payload), clock, packet, dissector);
        stage.accept(packet, dissector);
    }
}
