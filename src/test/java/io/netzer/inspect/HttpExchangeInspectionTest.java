package io.netzer.inspect;

import static io.netzer.flow.StreamListener.FROM_INITIATOR;
import static io.netzer.flow.StreamListener.FROM_RESPONDER;
import static io.netzer.inspect.RawPackets.deliver;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.app.HelloBuilder;
import io.netzer.app.Malformation;
import io.netzer.pipeline.EventSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HTTP requests paired with their responses by the inspector, on crafted streams: pipelining, chunked bodies,
 * interim responses, bodiless responses (HEAD, 204, 304), CONNECT tunnels, requests left unanswered, and the caps
 * on what a hostile peer sends (endless heads, broken chunks), delivered whole and cut at every byte.
 */
class HttpExchangeInspectionTest {
    private static final int ALL = AppInspector.TLS | AppInspector.DNS | AppInspector.HTTP;

    private final RecordingEvents events = new RecordingEvents();
    private final RawPackets raw = new RawPackets();
    /** The flow table of the inspector under test. */
    private FlowFeed feed;

    @Test
    void shouldPairPipelinedRequestsWithTheirResponsesInOrderWhereverTheStreamsAreCut() {
        byte[] requests = ascii("GET /a HTTP/1.1\r\nHost: p.example\r\n\r\n"
                + "GET /b?x=1 HTTP/1.1\r\nHost: p.example\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: p.example\r\nIf-None-Match: \"1\"\r\n\r\n");
        byte[] responses = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nHTTP/\r\n0\r\nTrailer: yes\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 13\r\n\r\nHTTP/1.1 200 "
                + "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n");
        for (int cut = 0; cut <= responses.length; cut++) {
            events.events.clear();
            AppInspector inspector = inspector();
            startTcp(inspector, 0);
            deliver(inspector, 0, FROM_INITIATOR, requests, 0, requests.length);
            deliver(inspector, 0, FROM_RESPONDER, responses, 0, cut);
            deliver(inspector, 0, FROM_RESPONDER, responses, cut, responses.length - cut);
            inspector.flowEnded(0);
            assertEquals(List.of("http GET p.example/a -> 200 from 40000", "http GET p.example/b?x=1 -> 201 from 40000",
                    "http GET p.example/c -> 304 from 40000"), events.events, "cut at " + cut);
            assertEquals(0, inspector.buffersInUse());
        }
    }

    @Test
    void shouldStepOverInterimResponsesAndPairTheFinalOne() {
        AppInspector inspector = inspector();
        startTcp(inspector, 0);
        send(inspector, FROM_INITIATOR, "POST /up HTTP/1.1\r\nHost: i.example\r\nExpect: 100-continue\r\n"
                + "Content-Length: 4\r\n\r\n");
        send(inspector, FROM_RESPONDER, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n");
        send(inspector, FROM_INITIATOR, "dataGET /next HTTP/1.1\r\nHost: i.example\r\n\r\n");
        send(inspector, FROM_RESPONDER, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 404 Not Found\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertEquals(List.of("http POST i.example/up -> 200 from 40000", "http GET i.example/next -> 404 from 40000"),
                events.events);
        assertEquals(2, inspector.count(InspectorCounter.HTTP_INTERIM_RESPONSES));
    }

    @Test
    void shouldExpectNoBodyAfterHeadOr204OrNotModified() {
        AppInspector inspector = inspector();
        startTcp(inspector, 0);
        send(inspector, FROM_INITIATOR, "HEAD /h HTTP/1.1\r\nHost: n.example\r\n\r\nDELETE /d HTTP/1.1\r\n"
                + "Host: n.example\r\n\r\nGET /g HTTP/1.1\r\nHost: n.example\r\n\r\n");
        send(inspector, FROM_RESPONDER, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertEquals(List.of("http HEAD n.example/h -> 200 from 40000", "http DELETE n.example/d -> 204 from 40000",
                "http GET n.example/g -> 200 from 40000"), events.events);
    }

    @Test
    void shouldInspectTheTlsOfAConnectTunnelAfterItsTwoHundred() {
        byte[] hello = new HelloBuilder().serverName("tunnelled.example").record();
        for (boolean helloFirst : new boolean[] {false, true}) {
            events.events.clear();
            AppInspector inspector = inspector();
            startTcp(inspector, 0);
            send(inspector, FROM_INITIATOR, "CONNECT tunnelled.example:443 HTTP/1.1\r\nHost: tunnelled.example:443"
                    + "\r\n\r\n");
            if (helloFirst) {
                deliver(inspector, 0, FROM_INITIATOR, hello, 0, hello.length);
            }
            send(inspector, FROM_RESPONDER, "HTTP/1.1 200 Connection established\r\n\r\n");
            if (!helloFirst) {
                deliver(inspector, 0, FROM_INITIATOR, hello, 0, hello.length);
            }
            inspector.flowEnded(0);
            List<String> expected = List.of(
                    "http CONNECT tunnelled.example:443tunnelled.example:443 -> 200 from 40000",
                    "tls tunnelled.example from 40000");
            // The hello's event waits for the server's flight (none here), so it comes at the flow's end either way.
            assertEquals(expected, events.events, "hello first: " + helloFirst);
        }
    }

    @Test
    void shouldWriteEveryUnansweredRequestWhenTheFlowEnds() {
        AppInspector inspector = inspector();
        startTcp(inspector, 0);
        send(inspector, FROM_INITIATOR, "GET /1 HTTP/1.1\r\nHost: u.example\r\n\r\nGET /2 HTTP/1.1\r\n"
                + "Host: u.example\r\n\r\n");
        send(inspector, FROM_RESPONDER, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertEquals(List.of("http GET u.example/1 -> 200 from 40000"), events.events);
        inspector.flowEnded(0);
        assertEquals(List.of("http GET u.example/1 -> 200 from 40000", "http GET u.example/2 from 40000"),
                events.events);
        assertEquals(1, inspector.count(InspectorCounter.HTTP_UNANSWERED));
    }

    @Test
    void shouldWriteTheOldestRequestAloneWhenTooManyWait() {
        AppInspector inspector = inspector();
        startTcp(inspector, 0);
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i <= HttpExchanges.MAX_PER_FLOW; i++) {
            requests.append("GET /").append(i).append(" HTTP/1.1\r\nHost: q.example\r\n\r\n");
        }
        send(inspector, FROM_INITIATOR, requests.toString());
        assertEquals(List.of("http GET q.example/0 from 40000"), events.events);
        inspector.flowEnded(0);
        assertEquals(HttpExchanges.MAX_PER_FLOW + 1, events.events.size());
    }

    @Test
    void shouldCountAnEndlessResponseHeadAsMalformedWithoutHoldingMoreThanItsBuffer() {
        AppInspector inspector = inspector();
        startTcp(inspector, 0);
        send(inspector, FROM_INITIATOR, "GET / HTTP/1.1\r\nHost: e.example\r\n\r\n");
        send(inspector, FROM_RESPONDER, "HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 1000; i++) {
            send(inspector, FROM_RESPONDER, "X-Filler-" + i + ": " + "f".repeat(100) + "\r\n");
        }
        assertEquals(1, inspector.malformed(Malformation.HTTP_HEAD_TOO_LONG));
        assertEquals(0, inspector.buffersInUse());
        inspector.flowEnded(0);
        assertEquals(List.of("http GET e.example/ from 40000"), events.events, "the request is not lost");
    }

    @Test
    void shouldNameBrokenChunksAndStopFollowingTheDirection() {
        String[][] cases = {
            {"zz\r\nhello\r\n0\r\n\r\n", "HTTP_BAD_CHUNK"},
            {"5\r\nhelloXY0\r\n\r\n", "HTTP_BAD_CHUNK"},
            {"1234567890abcdef0\r\n", "HTTP_CHUNK_TOO_LONG"},
            {"5;" + "e".repeat(ChunkedBodies.MAX_LINE) + "\r\n", "HTTP_CHUNK_TOO_LONG"},
            {"0\r\n" + "T: t\r\n".repeat(ChunkedBodies.MAX_TRAILER / 6 + 1), "HTTP_CHUNK_TOO_LONG"},
        };
        for (String[] c : cases) {
            events.events.clear();
            AppInspector inspector = inspector();
            startTcp(inspector, 0);
            send(inspector, FROM_INITIATOR, "GET /1 HTTP/1.1\r\nHost: c.example\r\n\r\nGET /2 HTTP/1.1\r\n"
                    + "Host: c.example\r\n\r\n");
            send(inspector, FROM_RESPONDER, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + c[0]
                    + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            assertEquals(1, inspector.malformed(Malformation.valueOf(c[1])), c[0]);
            assertEquals(1, inspector.count(InspectorCounter.HTTP_FRAMING_STOPPED), c[0]);
            inspector.flowEnded(0);
            assertEquals(List.of("http GET c.example/1 -> 200 from 40000", "http GET c.example/2 from 40000"),
                    events.events, c[0]);
        }
    }

    @Test
    void shouldNeverThrowOnTruncatedOrMutatedExchanges() {
        byte[] requests = ascii("POST /f?q HTTP/1.1\r\nHost: [::1]:8080\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\nCONNECT h:443 HTTP/1.1\r\n\r\n");
        byte[] responses = ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: a/b; c=d\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.0 200 Connection established\r\n\r\n");
        SplittableRandom random = new SplittableRandom(13);
        for (int round = 0; round < 20_000; round++) {
            byte[] a = mutate(requests, random);
            byte[] b = mutate(responses, random);
            AppInspector inspector = inspector();
            startTcp(inspector, 0);
            int cut = random.nextInt(b.length + 1);
            deliver(inspector, 0, FROM_INITIATOR, a, 0, random.nextInt(a.length + 1));
            deliver(inspector, 0, FROM_RESPONDER, b, 0, cut);
            inspector.streamGap(0, FROM_RESPONDER, random.nextInt(3));
            deliver(inspector, 0, FROM_RESPONDER, b, cut, b.length - cut);
            inspector.flowEnded(0);
            assertEquals(0, inspector.buffersInUse());
        }
    }

    private static byte[] mutate(byte[] bytes, SplittableRandom random) {
        byte[] copy = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        for (int i = random.nextInt(4); i > 0 && copy.length > 0; i--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private AppInspector inspector() {
        AppInspector inspector = new AppInspector(new EventSink[] {events}, ALL, 4, 8, 8);
        feed = new FlowFeed(inspector);
        return inspector;
    }

    /** A new HTTP flow in {@code slot}: its SYN from the client (port 40000) to port 80 of a server of its own. */
    private void startTcp(AppInspector inspector, int slot) {
        inspector.flowStarted(slot);
        raw.wrap(RawPackets.tcp(RawPackets.CLIENT, 40000, RawPackets.SERVER + slot, 80, 1000, 0, RawPackets.SYN,
                new byte[0]), 1);
        feed.packet(inspector, raw, slot);
    }

    private static void send(AppInspector inspector, int direction, String text) {
        byte[] bytes = ascii(text);
        deliver(inspector, 0, direction, bytes, 0, bytes.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
