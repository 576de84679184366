package io.netzer.defrag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Defragmentation allocates nothing per packet (DESIGN.md, rules of the hot path): over a million fragments of
 * IPv4 and IPv6 datagrams that complete in order, in reverse and with duplicates, of datagrams given up as too
 * big, and of a flood of first fragments that never complete and are given up at the caps and by the timeout,
 * the worker's thread allocates less than one byte per packet once the page pool has grown.
 */
class DefragAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final long WARM_UP_PACKETS = 300_000;
    private static final int DATAGRAMS = 512;
    private static final long MICROSECOND = 1_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private long clock = 1_700_000_000_000_000_000L;
    private long completed;

    /** The fragments of datagram {@code index}: whole ones of both versions, a flood, one too big. */
    private static List<byte[]> fragments(int index) {
        FlowFrames.Endpoints hosts = FlowFrames.Endpoints.ipv4(0x0a000000 + index, 4000, 0x0b000001, 53);
        boolean v6 = index % 2 == 1;
        byte[] whole = FlowFrames.udp(v6 ? hosts.ipv6() : hosts, true, new byte[2992]);
        List<byte[]> frames = new ArrayList<>();
        switch (index % 4) {
            case 0, 1 -> {
                frames.add(FragmentFrames.slice(whole, v6, index, 1480, 1520, false));
                frames.add(FragmentFrames.slice(whole, v6, index, 0, 1480, true));
                frames.add(FragmentFrames.slice(whole, v6, index, 0, 1480, true));
            }
            case 2 -> {
                frames.add(FragmentFrames.slice(whole, v6, index, 0, 1480, true));
                frames.add(FragmentFrames.slice(whole, v6, 0x4000 + index, 8, 1000, true));
                frames.add(FragmentFrames.slice(whole, v6, index, 1480, 1520, false));
            }
            default -> {
                frames.add(FragmentFrames.fragment(whole, v6, index, 65528, new byte[16], false));
                frames.add(FragmentFrames.slice(whole, v6, 0x8000 + index, 0, 1480, true));
                frames.add(FragmentFrames.slice(whole, v6, index, 0, 1480, true));
            }
        }
        return frames;
    }

    @Test
    void shouldNotAllocatePerFragmentOnceWarm() {
        List<MemorySegment> frames = new ArrayList<>();
        for (int i = 0; i < DATAGRAMS; i++) {
            fragments(i).forEach(f -> frames.add(MemorySegment.ofArray(f)));
        }
        MemorySegment[] all = frames.toArray(MemorySegment[]::new);
        // Caps small enough that the flood is given up at them as well as by the timeout.
        DefragConfig config = DefragConfig.defaults().withMemory(512 * 1024).withMaxDatagrams(256)
                .withTimeout(50 * MICROSECOND * all.length);
        try (Defragmenter defragmenter = new Defragmenter(config)) {
            long warmedUp = run(defragmenter, all, WARM_UP_PACKETS);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long measured = run(defragmenter, all, MEASURED_PACKETS);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

            assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " fragments");
            DefragStatistics s = defragmenter.statistics();
            assertEquals(warmedUp + measured, s.fragments());
            assertEquals(completed, s.datagrams());
            assertTrue(s.datagrams() > 0 && s.dropped(DropReason.TOO_BIG) > 0 && s.dropped(DropReason.TIMEOUT)
                    + s.dropped(DropReason.MEMORY) + s.dropped(DropReason.DATAGRAM_CAP) > 0, s.toString());
        }
    }

    /** Sends whole passes over the frames until at least {@code atLeast} packets. */
    private long run(Defragmenter defragmenter, MemorySegment[] frames, long atLeast) {
        long sent = 0;
        while (sent < atLeast) {
            for (MemorySegment frame : frames) {
                int length = (int) frame.byteSize();
                clock += MICROSECOND;
                packet.wrap(frame, 0, length, length, clock, LinkType.ETHERNET, 0, sent);
                dissector.dissect(packet);
                if (defragmenter.accept(packet, dissector) == Defragmenter.COMPLETE) {
                    completed++;
                }
                sent++;
            }
        }
        return sent;
    }
}
