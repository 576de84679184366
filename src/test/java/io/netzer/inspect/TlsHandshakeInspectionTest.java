package io.netzer.inspect;

import static io.netzer.flow.StreamListener.FROM_INITIATOR;
import static io.netzer.flow.StreamListener.FROM_RESPONDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.app.HelloBuilder;
import io.netzer.app.ServerHello;
import io.netzer.app.ServerHelloBuilder;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One {@code netzer.tls} event per TLS-over-TCP handshake, joined with the server's side: written when the
 * handshake is established (TLS 1.3: the server's encrypted flight; 1.2: ChangeCipherSpec both ways), at a
 * HelloRetryRequest (the second hello has its own event), or when the flow ends with only the hello; never lost
 * when the pool of waiting handshakes is full; and no allocation for the packets of a handshake in progress.
 */
class TlsHandshakeInspectionTest {
    private static final byte[] CHANGE_CIPHER_SPEC = ServerHelloBuilder.record(20, new byte[] {1});
    private static final byte[] APPLICATION_DATA = ServerHelloBuilder.record(23, new byte[64]);

    private final Details events = new Details();
    private final RawPackets raw = new RawPackets();
    /** The flow table of the inspector under test. */
    private FlowFeed feed;
    private final byte[] hello = new HelloBuilder().serverName("hs.example").alpn("h2", "http/1.1")
            .supportedVersions(0x0304, 0x0303).record();

    @Test
    void shouldJoinATls13ServerFlightSplitAnywhereToItsHelloInOneEstablishedEvent() {
        byte[] flight = ServerHelloBuilder.tls13Flight();
        AppInspector inspector = inspector(8);
        for (int cut = 0; cut <= flight.length; cut++) {
            events.lines.clear();
            start(inspector, 0);
            deliver(inspector, 0, FROM_INITIATOR, hello);
            deliver(inspector, 0, FROM_RESPONDER, Arrays.copyOf(flight, cut));
            deliver(inspector, 0, FROM_RESPONDER, Arrays.copyOfRange(flight, cut, flight.length));
            assertEquals(List.of("hs.example 1.3 4865 h2 established t1302h2_1301_14e9539264dc"), events.lines,
                    "cut at " + cut);
            inspector.flowEnded(0);
            assertEquals(1, events.lines.size(), "one event per handshake");
        }
        assertEquals(0, inspector.buffersInUse());
    }

    @Test
    void shouldWaitForChangeCipherSpecBothWaysInTls12AndKeepTheCertificate() throws IOException {
        AppInspector inspector = inspector(8);
        start(inspector, 0);
        deliver(inspector, 0, FROM_INITIATOR, hello);
        deliver(inspector, 0, FROM_RESPONDER, tls12Flight());
        deliver(inspector, 0, FROM_INITIATOR, ServerHelloBuilder.concat(ServerHelloBuilder.record(22, new byte[70]),
                CHANGE_CIPHER_SPEC, ServerHelloBuilder.record(22, new byte[40])));
        assertEquals(List.of(), events.lines, "the server's ChangeCipherSpec is still to come");
        deliver(inspector, 0, FROM_RESPONDER, ServerHelloBuilder.concat(CHANGE_CIPHER_SPEC,
                ServerHelloBuilder.record(22, new byte[40])));
        assertEquals(List.of("hs.example 1.2 49199 http/1.1 established t1202h1_c02f_ec9826f46f9c cn server.example"),
                events.lines);
    }

    @Test
    void shouldWriteTheEventOfAHandshakeWithoutChangeCipherSpecWhenTheFlowEnds() throws IOException {
        AppInspector inspector = inspector(8);
        start(inspector, 0);
        deliver(inspector, 0, FROM_INITIATOR, hello);
        deliver(inspector, 0, FROM_RESPONDER, tls12Flight());
        assertEquals(List.of(), events.lines);
        inspector.flowEnded(0);
        assertEquals(List.of("hs.example 1.2 49199 http/1.1 - t1202h1_c02f_ec9826f46f9c cn server.example"),
                events.lines);
    }

    @Test
    void shouldReportBothHellosOfAHandshakeWithAHelloRetryRequest() {
        AppInspector inspector = inspector(8);
        start(inspector, 0);
        deliver(inspector, 0, FROM_INITIATOR, hello);
        byte[] retry = new ServerHelloBuilder().helloRetryRequest().selectedVersion(0x0304).cipherSuite(0x1302)
                .record();
        deliver(inspector, 0, FROM_RESPONDER, ServerHelloBuilder.concat(retry, CHANGE_CIPHER_SPEC));
        assertEquals(List.of("hs.example 1.3 4866 - retry t130100_1302_b9a491fefe05"), events.lines);
        byte[] second = new HelloBuilder().serverName("second.example").supportedVersions(0x0304).record();
        deliver(inspector, 0, FROM_INITIATOR, ServerHelloBuilder.concat(CHANGE_CIPHER_SPEC, second));
        deliver(inspector, 0, FROM_RESPONDER, ServerHelloBuilder.concat(
                new ServerHelloBuilder().selectedVersion(0x0304).cipherSuite(0x1302).record(), APPLICATION_DATA));
        assertEquals("second.example 1.3 4866 - established t130100_1302_b9a491fefe05", events.lines.get(1));
        assertEquals(2, events.lines.size());
    }

    @Test
    void shouldWriteAHelloAtOnceWhenEveryPlaceForAWaitingHandshakeIsTaken() {
        AppInspector inspector = inspector(TlsSessions.DEFAULT_MAX_PENDING + 2);
        for (int flow = 0; flow <= TlsSessions.DEFAULT_MAX_PENDING; flow++) {
            start(inspector, flow);
            deliver(inspector, flow, FROM_INITIATOR, hello);
        }
        assertEquals(List.of("hs.example"), events.lines, "the one beyond the pool, without the server's side");
        assertEquals(1, inspector.count(InspectorCounter.TLS_PENDING_FULL));
        for (int flow = 0; flow <= TlsSessions.DEFAULT_MAX_PENDING; flow++) {
            inspector.flowEnded(flow);
        }
        assertEquals(TlsSessions.DEFAULT_MAX_PENDING + 1, events.lines.size());
        assertEquals(TlsSessions.DEFAULT_MAX_PENDING + 1, inspector.count(InspectorCounter.TLS_EVENTS));
    }

    @Test
    void shouldWriteTheEventWhenTheServerAnswersWithSomethingElseThanTls() {
        AppInspector inspector = inspector(8);
        start(inspector, 0);
        deliver(inspector, 0, FROM_INITIATOR, hello);
        deliver(inspector, 0, FROM_RESPONDER, "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("hs.example"), events.lines);
    }

    @Test
    void shouldNotAllocateForThePacketsOfHandshakesInProgress() throws IOException {
        int flows = 64;
        AppInspector inspector = new AppInspector(new EventSink[] {events}, AppInspector.TLS, flows, flows, 1);
        feed = new FlowFeed(inspector);
        byte[] flight = tls12Flight();
        byte[] record = ServerHelloBuilder.record(22, new byte[100]);
        MemorySegment segment = MemorySegment.ofArray(ServerHelloBuilder.concat(hello, flight, record));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        long measured = 0;
        for (int cycle = 0; cycle < 40; cycle++) {
            for (int flow = 0; flow < flows; flow++) {
                start(inspector, flow);
                inspector.streamData(flow, FROM_INITIATOR, segment, 0, hello.length, null);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            // The server's flight in pieces of 50 bytes, then records both ways that resolve nothing.
            for (int at = 0; at < flight.length; at += 50) {
                for (int flow = 0; flow < flows; flow++) {
                    inspector.streamData(flow, FROM_RESPONDER, segment, hello.length + at,
                            Math.min(50, flight.length - at), null);
                    measured += cycle >= 10 ? 1 : 0;
                }
            }
            for (int i = 0; i < 20; i++) {
                for (int flow = 0; flow < flows; flow++) {
                    inspector.streamData(flow, i % 2, segment, hello.length + flight.length, record.length, null);
                    measured += cycle >= 10 ? 1 : 0;
                }
            }
            if (cycle >= 10) {
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
            }
            for (int flow = 0; flow < flows; flow++) {
                inspector.flowEnded(flow);
            }
        }
        assertTrue(measured > 50_000, measured + " calls");
        assertTrue(allocated < measured / 10, "allocated " + allocated + " bytes over " + measured + " calls");
        assertEquals(40 * flows, events.lines.size());
    }

    /** ServerHello (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ALPN http/1.1), Certificate, ServerHelloDone. */
    private static byte[] tls12Flight() throws IOException {
        byte[] handshake = ServerHelloBuilder.concat(
                new ServerHelloBuilder().cipherSuite(0xc02f).alpn("http/1.1").selectedVersion(0x0303).handshake(),
                ServerHelloBuilder.certificate(ServerHelloBuilder.certificateDer()),
                ServerHelloBuilder.serverHelloDone());
        return HelloBuilder.records(handshake, 400);
    }

    private AppInspector inspector(int slots) {
        AppInspector inspector = new AppInspector(new EventSink[] {events}, AppInspector.TLS, slots, 8, 1);
        feed = new FlowFeed(inspector);
        return inspector;
    }

    /** A new TLS flow in {@code slot}: its SYN from the client (port 40000) to port 443 of a server of its own. */
    private void start(AppInspector inspector, int slot) {
        inspector.flowStarted(slot);
        raw.wrap(RawPackets.tcp(RawPackets.CLIENT, 40000, RawPackets.SERVER + slot, 443, 1000, 0, RawPackets.SYN,
                new byte[0]), 1);
        feed.packet(inspector, raw, slot);
    }

    private static void deliver(AppInspector inspector, int slot, int direction, byte[] bytes) {
        if (bytes.length > 0) {
            inspector.streamData(slot, direction, MemorySegment.ofArray(bytes.clone()), 0, bytes.length, null);
        }
    }

    /** Each event as {@code sni version cipher alpn established|retry|- ja4s [cn name]}, or the sni alone. */
    static final class Details implements EventSink {
        final List<String> lines = new ArrayList<>();

        @Override
        public void tls(EventContext context, Packet packet, TlsHandshake handshake) {
            ServerHello server = handshake.server();
            String line = handshake.client().serverName();
            if (server.present()) {
                line += " " + (server.version() == 0x0304 ? "1.3" : "1.2") + " " + server.cipherSuite() + " "
                        + (server.alpn() == null ? "-" : server.alpn()) + " "
                        + (server.helloRetryRequest() ? "retry" : handshake.established() ? "established" : "-")
                        + " " + handshake.ja4s();
            }
            if (handshake.certificate() != null) {
                line += " cn " + handshake.certificate().subjectCommonName();
            }
            lines.add(line);
        }
    }
}
