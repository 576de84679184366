package io.netzer.inspect;

import static io.netzer.flow.StreamListener.FROM_INITIATOR;
import static io.netzer.flow.StreamListener.FROM_RESPONDER;
import static io.netzer.inspect.RawPackets.deliver;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.app.HelloBuilder;
import io.netzer.app.Malformation;
import io.netzer.pipeline.EventSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inspector driven directly through its {@link io.netzer.flow.StreamListener} calls, as the flow stage makes
 * them: messages split at every byte, keep-alive streams, gaps, caps.
 */
class AppInspectorTest {
    private static final int ALL = AppInspector.TLS | AppInspector.DNS | AppInspector.HTTP;
    private static final byte[] NO_DATA = {};

    private final RecordingEvents events = new RecordingEvents();
    private final RawPackets raw = new RawPackets();
    /** The flow table of the inspector under test. */
    private FlowFeed feed;

    @Test
    void shouldFindTheServerNameOfAHelloSplitInTwoAtEveryByte() {
        byte[] hello = new HelloBuilder().serverName("split.example").alpn("h2").supportedVersions(0x0304).record();
        AppInspector inspector = inspector(16);
        for (int cut = 1; cut < hello.length; cut++) {
            events.events.clear();
            startTcp(inspector, 0, 443);
            deliver(inspector, 0, FROM_INITIATOR, hello, 0, cut);
            deliver(inspector, 0, FROM_INITIATOR, hello, cut, hello.length - cut);
            // No server answers: the handshake's event is written when its flow ends.
            inspector.flowEnded(0);
            assertEquals(List.of("tls split.example from 40000"), events.events, "cut at " + cut);
        }
        assertEquals(0, inspector.buffersInUse());
    }

    @Test
    void shouldFindTheServerNameOfAHelloSpreadOverSeveralRecordsDeliveredByteByByte() {
        byte[] handshake = new HelloBuilder().serverName("records.example").handshake();
        byte[] records = records(handshake, 7);
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 8443);
        for (int i = 0; i < records.length; i++) {
            deliver(inspector, 0, FROM_INITIATOR, records, i, 1);
        }
        inspector.flowEnded(0);
        assertEquals(List.of("tls records.example from 40000"), events.events);
    }

    @Test
    void shouldReportEveryRequestOfAKeepAliveStreamSplitAnywhere() {
        byte[] stream = ascii("POST /form HTTP/1.1\r\nHost: a.example\r\nContent-Length: 5\r\n\r\nx=1&y"
                + "GET /next HTTP/1.1\r\nHost: a.example:8080\r\nUser-Agent: t/1\r\n\r\n"
                + "HEAD / HTTP/1.0\r\n\r\n");
        AppInspector inspector = inspector(16);
        for (int cut = 0; cut <= stream.length; cut++) {
            events.events.clear();
            startTcp(inspector, 0, 80);
            deliver(inspector, 0, FROM_INITIATOR, stream, 0, cut);
            deliver(inspector, 0, FROM_INITIATOR, stream, cut, stream.length - cut);
            inspector.flowEnded(0);
            assertEquals(List.of("http POST a.example/form from 40000", "http GET a.example:8080/next from 40000",
                    "http HEAD null/ from 40000"), events.events, "cut at " + cut);
        }
    }

    @Test
    void shouldFollowAStreamPastAChunkedBody() {
        byte[] stream = ascii("POST /up HTTP/1.1\r\nHost: c.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\nGET /after HTTP/1.1\r\nHost: c.example\r\n\r\n");
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 80);
        deliver(inspector, 0, FROM_INITIATOR, stream, 0, stream.length);
        inspector.flowEnded(0);
        assertEquals(List.of("http POST c.example/up from 40000", "http GET c.example/after from 40000"),
                events.events);
    }

    @Test
    void shouldSkipABodyThatCrossesAGap() {
        byte[] first = ascii("PUT /f HTTP/1.1\r\nHost: g.example\r\nContent-Length: 100\r\n\r\n0123456789");
        byte[] next = ascii("0123456789GET /g HTTP/1.1\r\nHost: g.example\r\n\r\n");
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 80);
        deliver(inspector, 0, FROM_INITIATOR, first, 0, first.length);
        inspector.streamGap(0, FROM_INITIATOR, 80);
        deliver(inspector, 0, FROM_INITIATOR, next, 0, next.length);
        inspector.flowEnded(0);
        assertEquals(List.of("http PUT g.example/f from 40000", "http GET g.example/g from 40000"), events.events);
    }

    @Test
    void shouldReadEveryDnsMessageOfATcpStreamSplitAnywhere() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(RawPackets.lengthPrefixed(RawPackets.dns(1, false, "one.example", null)));
        both.writeBytes(RawPackets.lengthPrefixed(RawPackets.dns(2, false, "two.example", null)));
        byte[] stream = both.toByteArray();
        AppInspector inspector = inspector(16);
        for (int cut = 0; cut <= stream.length; cut++) {
            events.events.clear();
            startTcp(inspector, 0, 53);
            deliver(inspector, 0, FROM_INITIATOR, stream, 0, cut);
            deliver(inspector, 0, FROM_INITIATOR, stream, cut, stream.length - cut);
            assertEquals(List.of("dns query one.example from 40000", "dns query two.example from 40000"),
                    events.events, "cut at " + cut);
            inspector.flowEnded(0);
        }
    }

    @Test
    void shouldReadDnsOverUdpOnTheDnsMdnsAndLlmnrPortsOnly() {
        AppInspector inspector = inspector(16);
        int flow = 0;
        for (int port : new int[] {53, 5353, 5355, 5300}) {
            byte[] query = RawPackets.dns(7, false, "q" + port + ".example", null);
            byte[] answer = RawPackets.dns(7, true, "q" + port + ".example", new byte[] {(byte) 192, 0, 2, 1});
            inspector.flowStarted(flow);
            raw.wrap(RawPackets.udp(RawPackets.CLIENT, 40000, RawPackets.SERVER, port, query), 1);
            feed.packet(inspector, raw, flow);
            raw.wrap(RawPackets.udp(RawPackets.SERVER, port, RawPackets.CLIENT, 40000, answer), 2);
            feed.packet(inspector, raw, flow);
            flow++;
        }
        assertEquals(List.of("dns query q53.example from 40000", "dns answer q53.example from 53",
                "dns query q5353.example from 40000", "dns answer q5353.example from 5353",
                "dns query q5355.example from 40000", "dns answer q5355.example from 5355"), events.events);
    }

    @Test
    void shouldGiveUpOnAHelloInterruptedByAGapAndCountIt() {
        byte[] hello = new HelloBuilder().serverName("gap.example").record();
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 443);
        deliver(inspector, 0, FROM_INITIATOR, hello, 0, 20);
        inspector.streamGap(0, FROM_INITIATOR, 10);
        deliver(inspector, 0, FROM_INITIATOR, hello, 30, hello.length - 30);
        assertEquals(List.of(), events.events);
        assertEquals(1, inspector.count(InspectorCounter.GAP_ABANDONED));
        assertEquals(0, inspector.buffersInUse());
    }

    @Test
    void shouldTakeBackTheLongestIdleBufferOfAFlowWithoutHandshakeWhenEveryBufferIsInUse() {
        byte[] hello = new HelloBuilder().serverName("pool.example").record();
        AppInspector inspector = new AppInspector(new EventSink[] {events}, ALL, 4, 1, 1);
        feed = new FlowFeed(inspector);
        for (int flow = 0; flow < 2; flow++) {
            startTcp(inspector, flow, 443);
            deliver(inspector, flow, FROM_INITIATOR, hello, 0, 10);
        }
        for (int flow = 0; flow < 2; flow++) {
            deliver(inspector, flow, FROM_INITIATOR, hello, 10, hello.length - 10);
        }
        inspector.flowEnded(0);
        inspector.flowEnded(1);
        assertEquals(List.of("tls pool.example from 40000"), events.events);
        assertEquals(1, inspector.count(InspectorCounter.BUFFER_RECLAIMED_NO_HANDSHAKE));
        assertEquals(0, inspector.count(InspectorCounter.BUFFER_POOL_EXHAUSTED));
    }

    @Test
    void shouldCountAnHttpHeadLongerThanTheCapAndFreeItsBuffer() {
        byte[] start = ascii("GET /" + "a".repeat(9000));
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 80);
        for (int at = 0; at < start.length; at += 100) {
            deliver(inspector, 0, FROM_INITIATOR, start, at, Math.min(100, start.length - at));
        }
        assertEquals(List.of(), events.events);
        assertEquals(1, inspector.malformed(Malformation.HTTP_HEAD_TOO_LONG));
        assertEquals(0, inspector.buffersInUse());
    }

    @Test
    void shouldNotTakeAServerHelloOrAResponseForAClientMessage() {
        byte[] serverHello = {22, 3, 3, 0, 4, 2, 0, 0, 0};
        byte[] response = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 443);
        deliver(inspector, 0, FROM_RESPONDER, serverHello, 0, serverHello.length);
        startTcp(inspector, 1, 80);
        deliver(inspector, 1, FROM_RESPONDER, response, 0, response.length);
        assertEquals(List.of("http - -> 200 from 40000"), events.events, "a response alone, from the server to 40000");
        assertEquals(1, inspector.count(InspectorCounter.HTTP_RESPONSE_WITHOUT_REQUEST));
    }

    @Test
    void shouldNotCountTheLinesOfOtherTextProtocolsAsMalformedRequests() {
        byte[] banner = ascii("220 smtp.example ESMTP ready\r\n");
        byte[] hello = ascii("EHLO client.example\r\n");
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 25);
        deliver(inspector, 0, FROM_RESPONDER, banner, 0, banner.length);
        deliver(inspector, 0, FROM_INITIATOR, hello, 0, hello.length);
        assertEquals(List.of(), events.events);
        assertEquals(0, inspector.count(InspectorCounter.MALFORMED));
    }

    @Test
    void shouldCountAMalformedRequestAfterAGoodOne() {
        byte[] stream = ascii("GET /1 HTTP/1.1\r\nHost: m.example\r\n\r\nGET /2 HTTP/1-1\r\n\r\n");
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 80);
        deliver(inspector, 0, FROM_INITIATOR, stream, 0, stream.length);
        inspector.flowEnded(0);
        assertEquals(List.of("http GET m.example/1 from 40000"), events.events);
        assertEquals(1, inspector.malformed(Malformation.HTTP_BAD_REQUEST_LINE));
    }

    @Test
    void shouldStepOverTheStaleByteOfAKeepAliveProbeBeforeTheFirstRequest() {
        byte[] request = ascii("GET /k HTTP/1.1\r\nHost: k.example\r\n\r\n");
        AppInspector inspector = inspector(16);
        startTcp(inspector, 0, 80);
        deliver(inspector, 0, FROM_INITIATOR, new byte[] {0}, 0, 1);
        deliver(inspector, 0, FROM_INITIATOR, request, 0, request.length);
        inspector.flowEnded(0);
        assertEquals(List.of("http GET k.example/k from 40000"), events.events);
    }

    @Test
    void shouldSizeItsStateByTheFlowTableItIsAttachedTo() {
        byte[] request = ascii("GET /big HTTP/1.1\r\nHost: s.example\r\n\r\n");
        AppInspector inspector = inspector(1);
        for (int slot = 0; slot < 3; slot++) {
            startTcp(inspector, slot, 80);
        }
        deliver(inspector, 2, FROM_INITIATOR, request, 0, request.length);
        inspector.flowEnded(2);
        assertEquals(List.of("http GET s.example/big from 40000"), events.events);
    }

    private AppInspector inspector(int slots) {
        AppInspector inspector = new AppInspector(new EventSink[] {events}, ALL, slots, 8, 8);
        feed = new FlowFeed(inspector);
        return inspector;
    }

    /** A new TCP flow in {@code slot}: its SYN from the client (port 40000) to {@code port} of a server of its own. */
    private void startTcp(AppInspector inspector, int slot, int port) {
        inspector.flowStarted(slot);
        raw.wrap(RawPackets.tcp(RawPackets.CLIENT, 40000, RawPackets.SERVER + slot, port, 1000, 0, RawPackets.SYN,
                NO_DATA), 1);
        feed.packet(inspector, raw, slot);
    }

    /** A handshake message cut into handshake records of at most {@code size} bytes. */
    private static byte[] records(byte[] handshake, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < handshake.length; at += size) {
            int n = Math.min(size, handshake.length - at);
            out.writeBytes(new byte[] {22, 3, 1, (byte) (n >>> 8), (byte) n});
            out.write(handshake, at, n);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
