package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.app.HelloBuilder;
import io.netzer.app.Malformation;
import io.netzer.app.QuicInitialSealer;
import io.netzer.app.ServerHello;
import io.netzer.app.ServerHelloBuilder;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowStage;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * QUIC's tls event with the server's side, through the real flow stage and inspector with crafted datagrams: the
 * ServerHello of the server's Initials joined to the client's hello, one event per handshake written when it is
 * resolved (the server's Handshake packets: established), at the flow's end otherwise; a Retry followed; spoofed
 * server datagrams that do not end the wait; and server Initials on flows the inspector does not follow, which cost
 * nothing.
 */
class QuicHandshakeInspectionTest {
    private static final int CLIENT = 0x0a000001;
    private static final int SERVER = 0x0b000001;
    private static final byte[] CLIENT_ID = HexFormat.of().parseHex("8394c8f03e515708");
    /** A server's Handshake packet, v1, empty connection IDs, five protected bytes (never opened). */
    private static final byte[] HANDSHAKE_PACKET = {(byte) 0xe0, 0, 0, 0, 1, 0, 0, 5, 0x11, 0x22, 0x33, 0x44, 0x55};
    /** An ACK frame of the client's packet 0: type 2, largest 0, delay 0, no further ranges, first range 0. */
    private static final byte[] ACK = {2, 0, 0, 0, 0};

    private final Recorder events = new Recorder();
    private final AppInspector inspector = new AppInspector(new EventSink[] {events}, AppInspector.TLS, 64, 8, 2);
    private final FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[] {inspector},
            FlowEventListener.NONE);
    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private final FlowFrames.Endpoints flow = FlowFrames.Endpoints.ipv4(CLIENT, 50000, SERVER, 443);
    private long clock = 1_700_000_000_000_000_000L;

    @Test
    void shouldJoinTheServerHelloOfTheServersInitialToTheHellosEventWhenItsHandshakePacketsFollow() throws Exception {
        clientHello(flow, "quic.example");
        assertEquals(List.of(), events.lines, "the hello waits for its server");

        long serverTime = udp(flow, false, QuicInitialSealer.concat(serverInitial(0, serverHello()), HANDSHAKE_PACKET));

        assertEquals(List.of("quic quic.example 0x0304 0x1301 h3 established q13"), events.lines);
        assertEquals(serverTime, events.times.getFirst(), "written when the server's packet resolved it");
        CaptureEnd.of(stage);
        assertEquals(1, events.lines.size(), "one event per handshake");
        assertEquals(1, inspector.count(InspectorCounter.QUIC_EVENTS));
    }

    @Test
    void shouldWaitForTheServersHandshakePacketsInALaterDatagram() throws Exception {
        clientHello(flow, "later.example");
        udp(flow, false, serverInitial(0, serverHello()));
        assertEquals(List.of(), events.lines, "a ServerHello alone does not resolve the handshake");

        long resolved = udp(flow, false, HANDSHAKE_PACKET);

        assertEquals(List.of("quic later.example 0x0304 0x1301 h3 established q13"), events.lines);
        assertEquals(resolved, events.times.getFirst());
    }

    @Test
    void shouldWriteTheServerHelloAtTheFlowsEndWhenTheServerGoesNoFurther() throws Exception {
        clientHello(flow, "stalled.example");
        udp(flow, false, serverInitial(0, serverHello()));
        CaptureEnd.of(stage);

        assertEquals(List.of("quic stalled.example 0x0304 0x1301 h3 - q13"), events.lines);
    }

    @Test
    void shouldWriteTheHelloAloneAtTheFlowsEndWhenNoServerAnswers() throws Exception {
        clientHello(flow, "silent.example");
        CaptureEnd.of(stage);

        assertEquals(List.of("quic silent.example - -"), events.lines);
    }

    @Test
    void shouldJoinAServerHelloSplitOverTwoServerInitials() throws Exception {
        clientHello(flow, "split.example");
        byte[] hello = serverHello();
        udp(flow, false, serverFrames(1, QuicInitialSealer.crypto(30, hello, 30, hello.length)));
        udp(flow, false, QuicInitialSealer.concat(serverFrames(0, QuicInitialSealer.crypto(0, hello, 0, 30)),
                HANDSHAKE_PACKET));

        assertEquals(List.of("quic split.example 0x0304 0x1301 h3 established q13"), events.lines);
    }

    @Test
    void shouldKeepWaitingPastAServerDatagramThatDoesNotOpenWithTheServersKeys() throws Exception {
        clientHello(flow, "spoofed.example");
        // Sealed with the client's keys: a spoofer's guess, whose tag fails with the server's.
        udp(flow, false, QuicInitialSealer.sealV1(CLIENT_ID, 0, QuicInitialSealer.crypto(0, serverHello(), 0, 20)));
        assertEquals(List.of(), events.lines);
        assertEquals(1, inspector.malformed(Malformation.QUIC_DECRYPTION_FAILED));

        udp(flow, false, QuicInitialSealer.concat(serverInitial(0, serverHello()), HANDSHAKE_PACKET));
        assertEquals(List.of("quic spoofed.example 0x0304 0x1301 h3 established q13"), events.lines);
    }

    @Test
    void shouldEndTheWaitWhenTheServersOpenedStreamIsNoServerHello() throws Exception {
        clientHello(flow, "broken.example");
        byte[] encryptedExtensions = {8, 0, 0, 2, 0, 0};
        udp(flow, false, serverInitial(0, encryptedExtensions));

        assertEquals(List.of("quic broken.example - -"), events.lines, "written at once, without the server");
        assertEquals(1, inspector.malformed(Malformation.QUIC_NOT_SERVER_HELLO));
    }

    @Test
    void shouldWriteTheHelloAtAHelloRetryRequest() throws Exception {
        clientHello(flow, "retry.example");
        byte[] retry = new ServerHelloBuilder().helloRetryRequest().selectedVersion(0x0304).handshake();
        udp(flow, false, serverInitial(0, retry));

        assertEquals(List.of("quic retry.example 0x0304 0x1301 - retry q13"), events.lines);
    }

    @Test
    void shouldFollowTheServerAcrossAGenuineRetry() throws Exception {
        clientHello(flow, "retried.example");
        // RFC 9001 Appendix A.4: the Retry to a client whose first Initial went to 8394c8f03e515708; from now on
        // Initials are keyed on its Source Connection ID.
        udp(flow, false, HexFormat.of().parseHex(
                "ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba"));
        byte[] hello = serverHello();
        byte[] keyedOnRetry = QuicInitialSealer.sealServerV1(HexFormat.of().parseHex("f067a5502a4262b5"), 0,
                QuicInitialSealer.concat(ACK, QuicInitialSealer.crypto(0, hello, 0, hello.length)));
        udp(flow, false, QuicInitialSealer.concat(keyedOnRetry, HANDSHAKE_PACKET));

        assertEquals(List.of("quic retried.example 0x0304 0x1301 h3 established q13"), events.lines);
        assertEquals(0, inspector.count(InspectorCounter.MALFORMED));
    }

    @Test
    void shouldGiveUpAfterTooManyServerDatagramsWithoutAServerHello() throws Exception {
        clientHello(flow, "ack-only.example");
        for (int i = 0; i < QuicFlows.MAX_DATAGRAMS; i++) {
            udp(flow, false, serverFrames(i, ACK));
        }
        assertEquals(List.of("quic ack-only.example - -"), events.lines);
        assertEquals(1, inspector.count(InspectorCounter.QUIC_TOO_MANY_DATAGRAMS));
    }

    @Test
    void shouldOpenNoServerInitialOnFlowsWhoseClientIsNotFollowedAndAllocateNothing() throws Exception {
        // Sixteen flows whose initiator sent a short header packet (no Initial: nothing to follow), then a stream of
        // server Initials towards them: never opened, no assembler taken, nothing allocated.
        byte[] shortHeader = {0x40, 1, 2, 3, 4, 5, 6, 7};
        // Segments made once: wrapping an array in a segment per packet would be the test's own allocation.
        MemorySegment[] frames = new MemorySegment[16];
        for (int i = 0; i < frames.length; i++) {
            FlowFrames.Endpoints unknown = FlowFrames.Endpoints.ipv4(CLIENT, 51000 + i, SERVER, 443);
            udp(unknown, true, shortHeader);
            frames[i] = MemorySegment.ofArray(FlowFrames.udp(unknown, false,
                    QuicInitialSealer.concat(serverInitial(0, serverHello()), HANDSHAKE_PACKET)));
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            accept(frames[i % frames.length]);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int datagrams = 200_000;
        for (int i = 0; i < datagrams; i++) {
            accept(frames[i % frames.length]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < datagrams / 10, "allocated " + allocated + " bytes over " + datagrams + " datagrams");
        assertEquals(0, inspector.count(InspectorCounter.MALFORMED), "no server Initial was opened");

        // Both places of the QUIC pool are still free: two real clients get their handshakes joined.
        FlowFrames.Endpoints second = FlowFrames.Endpoints.ipv4(CLIENT, 50001, SERVER, 443);
        clientHello(flow, "one.example");
        clientHello(second, "two.example");
        udp(flow, false, QuicInitialSealer.concat(serverInitial(0, serverHello()), HANDSHAKE_PACKET));
        udp(second, false, QuicInitialSealer.concat(serverInitial(0, serverHello()), HANDSHAKE_PACKET));
        assertEquals(List.of("quic one.example 0x0304 0x1301 h3 established q13",
                "quic two.example 0x0304 0x1301 h3 established q13"), events.lines);
        assertEquals(0, inspector.count(InspectorCounter.QUIC_POOL_EXHAUSTED));
    }

    @Test
    void shouldHoldNothingForServerInitialsThatStartAFlow() throws Exception {
        // A server's Initials sent first (no client seen): the flow's initiator looks like a client, its Initials
        // fail with the client's keys, are counted, and give their assembler back at once.
        for (int i = 0; i < 10; i++) {
            FlowFrames.Endpoints reversed = FlowFrames.Endpoints.ipv4(SERVER, 443, CLIENT, 52000 + i);
            udp(reversed, true, serverInitial(0, serverHello()));
        }
        assertEquals(10, inspector.malformed(Malformation.QUIC_DECRYPTION_FAILED));
        clientHello(flow, "after.example");
        udp(flow, false, QuicInitialSealer.concat(serverInitial(0, serverHello()), HANDSHAKE_PACKET));
        assertEquals(List.of("quic after.example 0x0304 0x1301 h3 established q13"), events.lines);
    }

    private static byte[] serverHello() {
        return new ServerHelloBuilder().selectedVersion(0x0304).alpn("h3").handshake();
    }

    /** A server Initial holding the handshake message {@code hello} whole in one CRYPTO frame after an ACK. */
    private static byte[] serverInitial(long packetNumber, byte[] hello) throws Exception {
        return serverFrames(packetNumber, QuicInitialSealer.concat(ACK,
                QuicInitialSealer.crypto(0, hello, 0, hello.length)));
    }

    /** A server Initial holding {@code frames}. */
    private static byte[] serverFrames(long packetNumber, byte[] frames) throws Exception {
        return QuicInitialSealer.sealServerV1(CLIENT_ID, packetNumber, frames);
    }

    private void clientHello(FlowFrames.Endpoints e, String serverName) throws Exception {
        byte[] hello = new HelloBuilder().serverName(serverName).alpn("h3").handshake();
        udp(e, true, QuicInitialSealer.sealV1(CLIENT_ID, 0, QuicInitialSealer.crypto(0, hello, 0, hello.length)));
    }

    private long udp(FlowFrames.Endpoints e, boolean fromClient, byte[] payload) throws IOException {
        return accept(FlowFrames.udp(e, fromClient, payload));
    }

    private void accept(MemorySegment frame) throws IOException {
        clock += 1_000;
        int length = (int) frame.byteSize();
        packet.wrap(frame, 0, length, length, clock, LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
        stage.accept(packet, dissector);
    }

    private long accept(byte[] frame) throws IOException {
        clock += 1_000;
        FlowFrames.dissect(frame, clock, packet, dissector);
        stage.accept(packet, dissector);
        return clock;
    }

    /**
     * Each tls event as {@code quic NAME VERSION CIPHER ALPN STATE JA4S-PREFIX} (dashes for the server's side when
     * absent), and the time of the packet that resolved it.
     */
    private static final class Recorder implements EventSink {
        final List<String> lines = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        @Override
        public void tls(EventContext c, Packet resolving, TlsHandshake handshake) {
            ServerHello server = handshake.server();
            String side = !server.present() ? "-"
                    : String.format("0x%04x 0x%04x %s %s %s", server.version(), server.cipherSuite(),
                            server.alpnLength() < 0 ? "-" : server.alpn(),
                            server.helloRetryRequest() ? "retry" : handshake.established() ? "established" : "-",
                            handshake.ja4s().substring(0, 3));
            lines.add((handshake.quic() ? "quic " : "tls ") + handshake.client().serverName() + " " + side
                    + (server.present() ? "" : " -"));
            times.add(resolving == null ? -1 : resolving.timestampNanos());
        }
    }
}
