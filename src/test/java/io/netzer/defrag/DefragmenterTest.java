package io.netzer.defrag;

import static io.netzer.defrag.FragmentFrames.ETHERNET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every policy of the defragmenter, on fragments cut from hand-built frames. */
class DefragmenterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final FlowFrames.Endpoints HOSTS = FlowFrames.Endpoints.ipv4(0x0a000001, 5353, 0x0a000002, 53);

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private Defragmenter defragmenter = new Defragmenter(DefragConfig.defaults());
    private long time = 1_700_000_000L * SECOND;

    @AfterEach
    void close() {
        defragmenter.close();
    }

    /** A UDP datagram of {@code length} bytes of data, each byte its offset's low bits. */
    private static byte[] datagram(boolean v6, int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 7);
        }
        return FlowFrames.udp(v6 ? HOSTS.ipv6() : HOSTS, true, payload);
    }

    private int offer(byte[] frame) {
        time += 1000;
        FlowFrames.dissect(frame, time, packet, dissector);
        return defragmenter.accept(packet, dissector);
    }

    private byte[] reassembled() {
        Packet whole = defragmenter.packet();
        return whole.segment().asSlice(whole.offset(), whole.capturedLength()).toArray(
                java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /** {@code whole} as the defragmenter gives it back: the id of its fragments, and IPv4's checksum set. */
    private static byte[] expected(byte[] whole, boolean v6, int id, byte[] actual) {
        byte[] expected = whole.clone();
        if (!v6) {
            expected[ETHERNET + 4] = (byte) (id >>> 8);
            expected[ETHERNET + 5] = (byte) id;
            expected[ETHERNET + 10] = actual[ETHERNET + 10];
            expected[ETHERNET + 11] = actual[ETHERNET + 11];
        }
        return expected;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldReassembleFragmentsArrivingInReverseOrder(boolean v6) {
        byte[] whole = datagram(v6, 3000);
        int data = 3008;
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, v6, 7, 2960, data - 2960, false)));
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, v6, 7, 1480, 1480, true)));
        assertEquals(Defragmenter.COMPLETE, offer(FragmentFrames.slice(whole, v6, 7, 0, 1480, true)));

        byte[] actual = reassembled();
        assertArrayEquals(expected(whole, v6, 7, actual), actual);
        Dissector layers = defragmenter.dissector();
        assertEquals(0, layers.status());
        assertTrue(layers.has(Dissector.UDP));
        assertEquals(53, layers.udp().destinationPort());
        assertEquals(3000, layers.payloadLength());
        assertEquals(time, defragmenter.packet().timestampNanos(), "the time of the completing fragment");
        assertEquals(data, defragmenter.dataLength());
        if (!v6) {
            assertEquals(0, checksum(actual, ETHERNET, 20), "the IPv4 header checksum is valid");
        }
        DefragStatistics s = defragmenter.statistics();
        assertEquals(3, s.fragments());
        assertEquals(1, s.datagrams());
        assertEquals(0, s.held());
        assertEquals(0, defragmenter.heldBytes());
    }

    @Test
    void shouldKeepTheUnfragmentableHeadersAndNameTheUpperLayerInTheirPlaceOfTheFragmentHeader() {
        byte[] whole = datagram(true, 2000);
        assertEquals(Defragmenter.HELD, offer(withHopByHop(FragmentFrames.slice(whole, true, 11, 1480, 528, false))));
        assertEquals(Defragmenter.COMPLETE, offer(withHopByHop(FragmentFrames.slice(whole, true, 11, 0, 1480, true))));

        byte[] actual = reassembled();
        int ip = ETHERNET;
        assertEquals(0, actual[ip + 6], "the fixed header still names Hop-by-Hop");
        assertEquals(17, actual[ip + 40], "Hop-by-Hop now names UDP, the Fragment header's next header");
        assertEquals(8 + 2008, (actual[ip + 4] & 0xff) << 8 | actual[ip + 5] & 0xff, "payload length");
        assertEquals(whole.length + 8, actual.length);
        assertArrayEquals(FragmentFrames.data(whole, true), Arrays.copyOfRange(actual, ip + 48, actual.length));
        Dissector layers = defragmenter.dissector();
        assertEquals(0, layers.status());
        assertTrue(layers.has(Dissector.UDP));
        assertEquals(2000, layers.payloadLength());
    }

    /** An IPv6 fragment with a Hop-by-Hop header (unfragmentable, RFC 8200 4.5) before its Fragment header. */
    private static byte[] withHopByHop(byte[] fragment) {
        int ip = ETHERNET;
        byte[] frame = new byte[fragment.length + 8];
        System.arraycopy(fragment, 0, frame, 0, ip + 40);
        int payload = ((fragment[ip + 4] & 0xff) << 8 | fragment[ip + 5] & 0xff) + 8;
        frame[ip + 4] = (byte) (payload >>> 8);                 // payload length, 8 more
        frame[ip + 5] = (byte) payload;
        frame[ip + 6] = 0;                                      // next header: Hop-by-Hop
        byte[] hopByHop = {44, 0, 1, 4, 0, 0, 0, 0};            // next header Fragment, length 8, PadN of 4 bytes
        System.arraycopy(hopByHop, 0, frame, ip + 40, 8);
        System.arraycopy(fragment, ip + 40, frame, ip + 48, fragment.length - ip - 40);
        return frame;
    }

    @Test
    void shouldKeepTheFirstBytesOfAnOverlapAndCountTheConflict() {
        byte[] whole = datagram(false, 2000);
        offer(FragmentFrames.slice(whole, false, 9, 0, 1000, true));
        // Bytes 992..1007 again, but different: the first 8 overlap held bytes, the last 8 are new.
        byte[] other = new byte[16];
        Arrays.fill(other, (byte) 0xee);
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.fragment(whole, false, 9, 992, other, true)));
        assertEquals(Defragmenter.COMPLETE, offer(FragmentFrames.slice(whole, false, 9, 1008, 1000, false)));

        byte[] actual = reassembled();
        byte[] expected = expected(whole, false, 9, actual);
        // Bytes 1000..1007 came from the conflicting fragment first, so they are its bytes.
        Arrays.fill(expected, ETHERNET + 20 + 1000, ETHERNET + 20 + 1008, (byte) 0xee);
        assertArrayEquals(expected, actual);
        assertEquals(1, defragmenter.statistics().overlapsDiffering());
    }

    @Test
    void shouldCompleteOnceWhenAFragmentComesTwiceWithoutCountingAConflict() {
        byte[] whole = datagram(true, 1600);
        byte[] first = FragmentFrames.slice(whole, true, 3, 0, 808, true);
        assertEquals(Defragmenter.HELD, offer(first));
        assertEquals(Defragmenter.HELD, offer(first));
        assertEquals(Defragmenter.COMPLETE, offer(FragmentFrames.slice(whole, true, 3, 808, 800, false)));
        DefragStatistics s = defragmenter.statistics();
        assertEquals(1, s.datagrams());
        assertEquals(0, s.overlapsDiffering());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldGiveUpADatagramPastTheLengthFieldsAndSwallowItsOtherFragments(boolean v6) {
        byte[] whole = datagram(v6, 100);
        // 65,528 + 16 bytes of data: past 65,535 with any IP header.
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.fragment(whole, v6, 5, 65528, new byte[16], false)));
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, v6, 5, 0, 64, true)));
        DefragStatistics s = defragmenter.statistics();
        assertEquals(1, s.dropped(DropReason.TOO_BIG));
        assertEquals(0, defragmenter.heldBytes());
        defragmenter.endOfCapture();
        assertEquals(0, defragmenter.statistics().dropped(DropReason.END_OF_CAPTURE), "given up once");
    }

    @Test
    void shouldGiveUpAFragmentWithMoreToFollowWhoseLengthIsNotAMultipleOfEight() {
        byte[] whole = datagram(false, 100);
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, false, 1, 0, 60, true)));
        assertEquals(1, defragmenter.statistics().dropped(DropReason.INVALID));
    }

    @Test
    void shouldGiveUpTwoDifferentLastFragments() {
        byte[] whole = datagram(false, 100);
        offer(FragmentFrames.slice(whole, false, 1, 64, 44, false));
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, false, 1, 64, 40, false)));
        assertEquals(1, defragmenter.statistics().dropped(DropReason.INVALID));
    }

    @Test
    void shouldGiveUpADatagramOfTooManySeparatePieces() {
        byte[] whole = datagram(false, 1000);
        for (int piece = 0; piece < DatagramStore.MAX_RANGES + 1; piece++) {
            offer(FragmentFrames.slice(whole, false, 2, 8 + piece * 16, 8, true));
        }
        assertEquals(1, defragmenter.statistics().dropped(DropReason.TOO_MANY_FRAGMENTS));
        assertEquals(0, defragmenter.heldBytes());
    }

    @Test
    void shouldTimeOutADatagramByPacketTime() {
        byte[] whole = datagram(false, 2000);
        offer(FragmentFrames.slice(whole, false, 4, 0, 1000, true));
        time += 60 * SECOND;
        // The rest arrives a timeout later: the first part is gone, the rest waits alone.
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, false, 4, 1000, 1008, false)));
        DefragStatistics s = defragmenter.statistics();
        assertEquals(1, s.dropped(DropReason.TIMEOUT));
        assertEquals(1, s.held());
        defragmenter.advance(time + 60 * SECOND);
        assertEquals(2, defragmenter.statistics().dropped(DropReason.TIMEOUT));
        assertEquals(0, defragmenter.statistics().held());
    }

    @Test
    void shouldCountATinyFirstFragmentAndReassembleItsTransportHeader() {
        byte[] whole = FlowFrames.tcp(HOSTS, true, 1000, 0, FlowFrames.SYN, new byte[40]);
        assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, false, 6, 0, 8, true)));
        assertEquals(Defragmenter.COMPLETE, offer(FragmentFrames.slice(whole, false, 6, 8, 52, false)));
        assertEquals(1, defragmenter.statistics().tiny());
        assertTrue(defragmenter.dissector().has(Dissector.TCP));
        assertEquals(FlowFrames.SYN, defragmenter.dissector().tcp().flags());
    }

    @Test
    void shouldPassAnIpv6AtomicFragmentAsAWholeDatagram() {
        byte[] whole = datagram(true, 200);
        byte[] atomic = FragmentFrames.slice(whole, true, 8, 0, 208, false);
        assertEquals(Defragmenter.PASS, offer(atomic));
        assertTrue(dissector.has(Dissector.UDP));
        DefragStatistics s = defragmenter.statistics();
        assertEquals(1, s.atomic());
        assertEquals(0, s.fragments());
    }

    @Test
    void shouldPassWhatIsNoFragment() {
        assertEquals(Defragmenter.PASS, offer(datagram(false, 100)));
        assertEquals(Defragmenter.PASS, offer(datagram(true, 100)));
        assertEquals(0, defragmenter.statistics().fragments());
    }

    @Test
    void shouldKeepMemoryFlatUnderAFloodOfFirstFragmentsAndCountEveryDatagramGivenUp() {
        long memory = 256 * 1024;
        defragmenter.close();
        defragmenter = new Defragmenter(DefragConfig.defaults().withMemory(memory).withMaxDatagrams(100));
        byte[] whole = datagram(false, 1480);
        int flood = 20_000;
        List<byte[]> frames = new ArrayList<>();
        for (int id = 0; id < flood; id++) {
            // Distinct ids and sources: each first fragment begins a datagram that never completes.
            byte[] frame = FragmentFrames.slice(whole, false, id, 0, 1480, true);
            frame[ETHERNET + 12] = (byte) (id >>> 16);
            frames.add(frame);
        }
        long peak = 0;
        for (byte[] frame : frames) {
            assertEquals(Defragmenter.HELD, offer(frame));
            peak = Math.max(peak, defragmenter.heldBytes());
        }
        DefragStatistics s = defragmenter.statistics();
        assertTrue(peak <= memory, "held " + peak + " bytes, cap " + memory);
        // Three pages a datagram: the memory cap (85 datagrams) binds before the cap of 100.
        assertEquals(memory / (3 * 1024), s.held());
        assertEquals(flood - s.held(), s.dropped(DropReason.MEMORY));
        defragmenter.endOfCapture();
        s = defragmenter.statistics();
        long givenUp = Arrays.stream(s.dropped()).sum();
        assertEquals(flood, givenUp, "every datagram begun was given up exactly once");
        assertEquals(0, defragmenter.heldBytes());
    }

    @Test
    void shouldGiveUpTheOldestDatagramWhenTheCapOnDatagramsInProgressIsReached() {
        defragmenter.close();
        defragmenter = new Defragmenter(DefragConfig.defaults().withMaxDatagrams(100));
        byte[] whole = datagram(true, 100);
        int flood = 10_000;
        for (int id = 0; id < flood; id++) {
            assertEquals(Defragmenter.HELD, offer(FragmentFrames.slice(whole, true, id, 0, 64, true)));
        }
        DefragStatistics s = defragmenter.statistics();
        assertEquals(100, s.held());
        assertEquals(flood - 100, s.dropped(DropReason.DATAGRAM_CAP));
        assertEquals(100 * 2 * 1024, defragmenter.heldBytes(), "a header page and a data page each");
        // The newest datagrams are the ones kept: the rest of the last one completes it.
        assertEquals(Defragmenter.COMPLETE, offer(FragmentFrames.slice(whole, true, flood - 1, 64, 44, false)));
    }

    @Test
    void shouldGiveUpTheOldestDatagramsWhenTheMemoryCapIsReached() {
        defragmenter.close();
        // 8 pages: two datagrams of a header page and two data pages fit, a third takes the oldest's room.
        defragmenter = new Defragmenter(DefragConfig.defaults().withMemory(8 * 1024));
        byte[] whole = datagram(false, 1480);
        for (int id = 1; id <= 3; id++) {
            offer(FragmentFrames.slice(whole, false, id, 0, 1480, true));
        }
        DefragStatistics s = defragmenter.statistics();
        assertEquals(1, s.dropped(DropReason.MEMORY));
        assertEquals(2, s.held());
        assertTrue(defragmenter.heldBytes() <= 8 * 1024);
    }

    private static int checksum(byte[] bytes, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += (bytes[offset + i] & 0xff) << 8 | bytes[offset + i + 1] & 0xff;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }
}
