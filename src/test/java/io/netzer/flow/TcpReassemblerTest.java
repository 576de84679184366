package io.netzer.flow;

import static io.netzer.testing.FlowFrames.ACK;
import static io.netzer.testing.FlowFrames.FIN;
import static io.netzer.testing.FlowFrames.PSH;
import static io.netzer.testing.FlowFrames.RST;
import static io.netzer.testing.FlowFrames.SYN;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reassembly as a table of cases in the style of gopacket's reassembly/tcpassembly_test.go: each case sends
 * segments of one connection (client ISN 1000, server ISN 5000, or as the case says) and states what each
 * direction's listener must have received, gaps written {@code [gap N]}, and what the counters must say.
 */
class TcpReassemblerTest {
    private static final FlowFrames.Endpoints FLOW = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0x0a000002, 80);
    private static final int FLOW_SLOT = 0;

    /** One segment: from the client or the server, sequence number, acknowledgment, flags, payload. */
    record Segment(boolean fromClient, long seq, long ack, int flags, String payload) {
    }

    /** Counters a case checks; -1 where it does not care. */
    record Counts(long retransmitted, long overlapsDiffering, long gaps, long forcedGaps, long dropped,
            long beyondDepth) {
        static Counts none() {
            return new Counts(0, 0, 0, 0, 0, 0);
        }
    }

    record Case(String name, FlowConfig config, List<Segment> segments, String client, String server,
            Counts counts) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Segment client(long seq, String payload) {
        return new Segment(true, seq, 5001, ACK | PSH, payload);
    }

    private static Segment server(long seq, String payload) {
        return new Segment(false, seq, 1001, ACK | PSH, payload);
    }

    private static Segment clientFlags(long seq, int flags) {
        return new Segment(true, seq, 5001, flags, "");
    }

    private static Segment serverAck(long ack) {
        return new Segment(false, 5001, ack, ACK, "");
    }

    private static List<Segment> handshakeThen(Segment... segments) {
        Stream<Segment> handshake = Stream.of(new Segment(true, 999, 0, SYN, ""),
                new Segment(false, 4999, 1000, SYN | ACK, ""), new Segment(true, 1000, 5000, ACK, ""));
        return Stream.concat(handshake, Stream.of(segments)).toList();
    }

    /** {@code earlier} SYNs with scattered ISNs, then the handshake of ISN 999 and {@code segments}. */
    private static List<Segment> manySynsThen(int earlier, Segment... segments) {
        Stream<Segment> syns = Stream.iterate(0x12345678L, isn -> (isn * 69069 + 1) & 0xffffffffL).limit(earlier)
                .map(isn -> new Segment(true, isn, 0, SYN, ""));
        return Stream.concat(syns, handshakeThen(segments).stream()).toList();
    }

    private static final FlowConfig DEFAULTS = FlowConfig.defaults();

    static Stream<Case> cases() {
        return Stream.of(
                new Case("in order", DEFAULTS, handshakeThen(client(1000, "abc"), client(1003, "def"),
                        server(5000, "xyz")), "abcdef", "xyz", Counts.none()),
                new Case("reordering", DEFAULTS, handshakeThen(client(1006, "ghi"), client(1003, "def"),
                        client(1000, "abc")), "abcdefghi", "", Counts.none()),
                new Case("overlap with the same bytes", DEFAULTS, handshakeThen(client(1006, "ghi"),
                        client(1004, "efgh"), client(1000, "abcd")), "abcdefghi", "", Counts.none()),
                new Case("overlap with different bytes: first wins", DEFAULTS, handshakeThen(client(1006, "ghi"),
                        client(1004, "efXY"), client(1000, "abcd")), "abcdefghi", "",
                        new Counts(0, 1, 0, 0, 0, 0)),
                new Case("in-order segment over held bytes: the held ones came first", DEFAULTS,
                        handshakeThen(client(1003, "def"), client(1000, "abcXYZ")), "abcdef", "",
                        new Counts(0, 1, 0, 0, 0, 0)),
                new Case("retransmission", DEFAULTS, handshakeThen(client(1000, "abc"), client(1000, "abc"),
                        client(1003, "def")), "abcdef", "", new Counts(3, 0, 0, 0, 0, 0)),
                new Case("retransmissions of the latest segment with other bytes: counted, the first wins",
                        DEFAULTS, handshakeThen(client(1000, "abc"), client(1000, "XYZ"), client(1000, "abc"),
                                client(1000, "abd"), client(1003, "def")), "abcdef", "",
                        new Counts(9, 2, 0, 0, 0, 0)),
                new Case("retransmission of the latest segment with one byte changed in each hashed word", DEFAULTS,
                        handshakeThen(client(1000, "0123456789abcdefghijklmnopqrstuvwxyz!?"),
                                client(1000, "0123456789abcdefghijklmnopqrstuvwxyz!?"),
                                client(1000, "0123456X89abcdefghijklmnopqrstuvwxyz!?"),
                                client(1000, "0123456789abcdeXghijklmnopqrstuvwxyz!?"),
                                client(1000, "0123456789abcdefghijklmXopqrstuvwxyz!?"),
                                client(1000, "0123456789abcdefghijklmnopqrstuXwxyz!?"),
                                client(1000, "0123456789abcdefghijklmnopqrstuvwxyz!X")),
                        "0123456789abcdefghijklmnopqrstuvwxyz!?", "", new Counts(6 * 38, 5, 0, 0, 0, 0)),
                new Case("retransmission of the latest segment with other bytes, then new ones", DEFAULTS,
                        handshakeThen(client(1000, "abc"), client(1000, "abXdef")), "abcdef", "",
                        new Counts(3, 1, 0, 0, 0, 0)),
                new Case("retransmission overlapping new bytes", DEFAULTS, handshakeThen(client(1000, "abc"),
                        client(1001, "bcdef")), "abcdef", "", new Counts(2, 0, 0, 0, 0, 0)),
                new Case("sequence wrap-around", DEFAULTS, List.of(new Segment(true, 0xfffffffcL, 0, SYN, ""),
                        client(0x00000000L, "def"), client(0xfffffffdL, "abc"), client(0x00000003L, "ghi")),
                        "abcdefghi", "", Counts.none()),
                new Case("mid-stream pickup", DEFAULTS, List.of(client(1000, "abc"), server(5000, "xyz"),
                        client(1003, "def")), "abcdef", "xyz", Counts.none()),
                new Case("gap skipped once the other side acknowledges past it", DEFAULTS,
                        handshakeThen(client(1000, "abc"), client(1006, "ghi"), serverAck(1009),
                                client(1003, "def")), "abc[gap 3]ghi", "", new Counts(3, 0, 3, 0, 0, 0)),
                new Case("gap not skipped while the acknowledgment stays before it", DEFAULTS,
                        handshakeThen(client(1000, "abc"), client(1006, "ghi"), serverAck(1003),
                                client(1003, "def")), "abcdefghi", "", Counts.none()),
                new Case("gap at the end of the flow", DEFAULTS, handshakeThen(client(1000, "abc"),
                        client(1006, "ghi")), "abc[gap 3]ghi", "", new Counts(0, 0, 3, 0, 0, 0)),
                new Case("FIN and data after the handshake", DEFAULTS, handshakeThen(client(1000, "abc"),
                        new Segment(true, 1003, 5001, ACK | FIN, "def"), new Segment(false, 5000, 1007, ACK | FIN, "")),
                        "abcdef", "", Counts.none()),
                new Case("RST ends nothing early: bytes before it are kept", DEFAULTS,
                        handshakeThen(client(1000, "abc"), clientFlags(1003, RST)), "abc", "", Counts.none()),
                new Case("SYN retransmitted", DEFAULTS, List.of(new Segment(true, 999, 0, SYN, ""),
                        new Segment(true, 999, 0, SYN, ""), client(1000, "abc")), "abc", "", Counts.none()),
                new Case("24 SYNs with different ISNs: the one the SYN-ACK acknowledges (the last) starts the stream",
                        DEFAULTS, manySynsThen(23, client(1000, "abc"), server(5000, "xyz")), "abc", "xyz",
                        Counts.none()),
                new Case("several SYNs, the SYN-ACK acknowledges an earlier one", DEFAULTS,
                        List.of(new Segment(true, 999, 0, SYN, ""), new Segment(true, 70_000, 0, SYN, ""),
                                new Segment(true, 0x80000000L, 0, SYN, ""),
                                new Segment(false, 4999, 1000, SYN | ACK, ""),
                                client(1000, "abc"), client(1003, "def")), "abcdef", "", Counts.none()),
                new Case("a SYN with a new ISN after data changes nothing", DEFAULTS,
                        handshakeThen(client(1000, "abc"), new Segment(true, 123_456, 0, SYN, ""), client(1003, "def")),
                        "abcdef", "", Counts.none()),
                new Case("per-flow cap: the oldest gap is skipped", DEFAULTS.withBuffers(2048, 1 << 20),
                        handshakeThen(client(1000, "a"), client(1002, "c"), client(1004, "e"), client(1006, "g")),
                        "a[gap 1]c[gap 1]e[gap 1]g", "", new Counts(0, 0, 3, 1, 0, 0)),
                new Case("global cap: the direction that needs room skips its oldest gap",
                        DEFAULTS.withBuffers(1 << 20, 2048), handshakeThen(client(1002, "c"), client(1004, "e"),
                                client(1006, "g"), client(1000, "ab")),
                        "[gap 2]c[gap 1]e[gap 1]g", "", new Counts(2, 0, 4, 2, 0, 0)),
                new Case("global cap: a direction holding nothing drops what it cannot hold (a lost tail is no gap)",
                        DEFAULTS.withBuffers(1 << 20, 2048), handshakeThen(server(5002, "c"), server(5004, "e"),
                                client(1002, "x"), client(1000, "ab")),  // the ACK 5001 skips the server's first byte
                        "ab", "[gap 1][gap 1]c[gap 1]e", new Counts(0, 0, 3, 0, 1, 0)),
                new Case("depth: bytes past it are counted, not handed on", DEFAULTS.withStreamDepth(4),
                        handshakeThen(client(1000, "abc"), client(1003, "def"), client(1010, "xyz")), "abcd", "",
                        new Counts(0, 0, 0, 0, 0, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldReassembleAsTheCaseSays(Case c) {
        Recorder recorder = new Recorder();
        try (TcpReassembler reassembler = new TcpReassembler(c.config(), new StreamListener[] {recorder})) {
            reassembler.capacityChanged(1);
            reassembler.flowStarted(FLOW_SLOT);
            Packet packet = new Packet();
            Dissector dissector = new Dissector();
            for (Segment s : c.segments()) {
                byte[] frame = FlowFrames.tcp(FLOW, s.fromClient(), s.seq(), s.ack(), s.flags(),
                        s.payload().getBytes(ISO_8859_1));
                FlowFrames.dissect(frame, 0, packet, dissector);
                reassembler.segment(FLOW_SLOT, s.fromClient() ? 0 : 1, dissector.tcp(), packet,
                        dissector.payloadOffset(), dissector.payloadLength());
            }
            reassembler.flowEnded(FLOW_SLOT);

            assertEquals(c.client(), recorder.streams[0].toString(), "client to server");
            assertEquals(c.server(), recorder.streams[1].toString(), "server to client");
            Counts counts = c.counts();
            assertEquals(counts.retransmitted(), reassembler.retransmittedBytes(), "retransmitted bytes");
            assertEquals(counts.retransmitted(), reassembler.retransmittedBytes(FLOW_SLOT), "the flow's share");
            assertEquals(counts.overlapsDiffering(), reassembler.overlapsDiffering(), "overlaps differing");
            assertEquals(counts.gaps(), reassembler.gapBytes(), "gap bytes");
            assertEquals(counts.forcedGaps(), reassembler.forcedGapBytes(), "gap bytes forced by the flow cap");
            assertEquals(counts.dropped(), reassembler.droppedBytes(), "bytes dropped at the global cap");
            assertEquals(counts.beyondDepth(), reassembler.beyondDepthBytes(), "bytes past the depth");
            assertEquals(0, reassembler.heldBytes(), "every page back in the pool");
        }
    }

    @Test
    void shouldCountRetransmittedBytesPerFlowAndForgetThemWhenTheSlotStartsAnotherFlow() {
        try (TcpReassembler reassembler = new TcpReassembler(DEFAULTS, new StreamListener[] {new Recorder()})) {
            reassembler.capacityChanged(2);
            reassembler.flowStarted(0);
            reassembler.flowStarted(1);
            // flow 0: "hello" then the same 5 bytes again, and 3 of them once more; flow 1: "hi" twice
            send(reassembler, 0, client(1001, "hello"), client(1001, "hello"), client(1003, "llo"));
            send(reassembler, 1, server(5001, "hi"), server(5001, "hi"));
            assertEquals(8, reassembler.retransmittedBytes(0), "flow 0");
            assertEquals(2, reassembler.retransmittedBytes(1), "flow 1");
            assertEquals(10, reassembler.retransmittedBytes(), "both");

            reassembler.flowEnded(0);
            reassembler.flowStarted(0);
            assertEquals(0, reassembler.retransmittedBytes(0), "a new flow in slot 0 starts at 0");
            assertEquals(2, reassembler.retransmittedBytes(1), "flow 1 keeps its count");
        }
    }

    private static void send(TcpReassembler reassembler, int slot, Segment... segments) {
        Packet packet = new Packet();
        Dissector dissector = new Dissector();
        for (Segment s : segments) {
            byte[] frame = FlowFrames.tcp(FLOW, s.fromClient(), s.seq(), s.ack(), s.flags(),
                    s.payload().getBytes(ISO_8859_1));
            FlowFrames.dissect(frame, 0, packet, dissector);
            reassembler.segment(slot, s.fromClient() ? 0 : 1, dissector.tcp(), packet, dissector.payloadOffset(),
                    dissector.payloadLength());
        }
    }

    /** Writes what it hears as text: bytes as ISO-8859-1 characters, gaps as {@code [gap N]}. */
    static final class Recorder implements StreamListener {
        final StringBuilder[] streams = {new StringBuilder(), new StringBuilder()};

        @Override
        public void flowStarted(int flow) {
        }

        @Override
        public void packet(Packet packet, Dissector dissector, int flow, int direction) {
        }

        @Override
        public void streamData(int flow, int direction, MemorySegment data, long offset, int length,
                Packet packet) {
            byte[] bytes = new byte[length];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            streams[direction].append(new String(bytes, ISO_8859_1));
        }

        @Override
        public void streamGap(int flow, int direction, long bytes) {
            streams[direction].append("[gap ").append(bytes).append(']');
        }

        @Override
        public void flowEnded(int flow) {
        }
    }
}
