package io.netzer.capture;

import io.netzer.dissect.LinkType;
import io.netzer.sys.Libc;
import io.netzer.sys.LinuxConstants;
import io.netzer.sys.TpacketBlockDesc;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.TestNetwork;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live captures on a veth pair, traffic sent from the peer namespace (root only; skipped otherwise). */
@ExtendWith(LiveNetwork.class)
class LiveRingSourceTest {
    private static final int IFF_PROMISC = 0x100;

    private TestNetwork network;

    @BeforeEach
    void createNetwork(TestNetwork network) {
        this.network = network;
    }

    private LiveRingConfig smallRing(String interfaceName) {
        return LiveRingConfig.of(interfaceName).withRing(64 * 1024, 8, 5);
    }

    @Test
    void shouldCaptureDatagramsWithTheirLengthsAndTimestamps() throws Exception {
        try (LiveRingSource source = LiveRingSource.open(smallRing(network.hostInterface()))) {
            source.start();
            long before = System.currentTimeMillis() * 1_000_000;
            network.sendUdp(200, 1, 100);
            UdpCollector.Collected collected = UdpCollector.collect(source, 200, 0, 10_000);
            long after = System.currentTimeMillis() * 1_000_000 + 1_000_000;

            assertEquals(LinkType.ETHERNET, source.linkType());
            assertEquals(200, collected.datagrams().size());
            int ifindex = Libc.if_nametoindex(network.hostInterface());
            long previous = 0;
            for (int i = 0; i < 200; i++) {
                UdpCollector.Datagram d = collected.datagrams().get(i);
                assertEquals(i, d.number(), "order");
                assertEquals(14 + 20 + 8 + 100, d.wireLength()); // Ethernet + IPv4 + UDP + payload
                assertEquals(d.wireLength(), d.capturedLength());
                assertEquals(ifindex, d.interfaceIndex());
                assertTrue(d.timestampNanos() >= before && d.timestampNanos() <= after, "timestamp");
                assertTrue(d.timestampNanos() >= previous, "timestamps ascend");
                previous = d.timestampNanos();
            }
            assertEquals(network.hostInterface(), source.interfaceName(ifindex));
            SourceStatistics stats = source.statistics();
            assertTrue(stats.received() >= 200, stats.toString());
            assertEquals(0, stats.dropped());
        }
    }

    @Test
    void shouldCutPacketsToTheSnapshotLength() throws Exception {
        try (LiveRingSource source = LiveRingSource.open(smallRing(network.hostInterface()).withSnapshotLength(60))) {
            source.start();
            network.sendUdp(10, 1, 500);
            UdpCollector.Collected collected = UdpCollector.collect(source, 10, 0, 10_000);
            assertEquals(10, collected.datagrams().size());
            for (UdpCollector.Datagram d : collected.datagrams()) {
                assertEquals(60, d.capturedLength());
                assertEquals(14 + 20 + 8 + 500, d.wireLength());
            }
        }
    }

    @Test
    void shouldWalkManyBlocksInOrderWithoutLoss() throws Exception {
        int count = 5000;
        // small blocks, many of them: ~20 datagrams per block, and room for all of them even on a loaded machine
        LiveRingConfig config = LiveRingConfig.of(network.hostInterface()).withRing(4096, 320, 2);
        try (LiveRingSource source = LiveRingSource.open(config)) {
            source.start();
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    network.sendUdp(count, 1, 64);
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            UdpCollector.Collected collected = UdpCollector.collect(source, count, 0, 30_000);
            sender.join();
            SourceStatistics kernel = source.statistics();
            assertEquals(0, kernel.dropped(), "kernel drops: " + kernel + " " + source.ringStatistics()
                    + " collected " + collected.datagrams().size());
            assertEquals(count, collected.datagrams().size());
            for (int i = 0; i < count; i++) {
                assertEquals(i, collected.datagrams().get(i).number());
            }
            RingStatistics ring = source.ringStatistics();
            long taken = ring.blocksRetiredFull() + ring.blocksRetiredByTimeout();
            assertTrue(taken > 100, ring.toString()); // ~25 datagrams of 144 bytes per 4 KiB block
            assertTrue(ring.blocksReturned() >= taken - 1, ring.toString());
            assertEquals(0, ring.sequenceGaps(), ring.toString());
            assertEquals(0, ring.malformedPackets(), ring.toString());
            assertTrue(ring.waits() >= 1, "the worker waited for the first block: " + ring);
        }
    }

    @Test
    void shouldSetPromiscuousModeUnlessDisabled() throws Exception {
        Path flags = Path.of("/sys/class/net", network.hostInterface(), "flags");
        try (LiveRingSource source = LiveRingSource.open(smallRing(network.hostInterface()))) {
            source.start();
            assertTrue((Integer.decode(Files.readString(flags).strip()) & IFF_PROMISC) != 0);
        }
        assertEquals(0, Integer.decode(Files.readString(flags).strip()) & IFF_PROMISC, "left on after close");
        try (LiveRingSource source = LiveRingSource.open(smallRing(network.hostInterface()).withPromiscuous(false))) {
            source.start();
            assertEquals(0, Integer.decode(Files.readString(flags).strip()) & IFF_PROMISC);
        }
    }

    @Test
    void shouldDeliverCookedHeadersOnAny() throws Exception {
        try (LiveRingSource source = LiveRingSource.open(smallRing(LiveRingConfig.ANY))) {
            source.start();
            network.sendUdp(20, 1, 100);
            int ifindex = Libc.if_nametoindex(network.hostInterface());
            PacketBatch batch = new PacketBatch(16);
            io.netzer.dissect.Packet packet = new io.netzer.dissect.Packet();
            int seen = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            byte[] sourceMac = network.peerMac();
            while (seen < 20 && System.nanoTime() < deadline && source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    batch.packet(i, packet);
                    UdpCollector.Datagram d = UdpCollector.parse(packet);
                    if (d == null || packet.interfaceIndex() != ifindex) {
                        continue;
                    }
                    seen++;
                    assertEquals(LinkType.LINUX_SLL, packet.linkType());
                    assertEquals(16 + 20 + 8 + 100, packet.wireLength()); // SLL + IPv4 + UDP + payload
                    assertEquals(packet.wireLength(), packet.capturedLength());
                    byte[] sll = packet.segment().asSlice(packet.offset(), 16).toArray(
                            java.lang.foreign.ValueLayout.JAVA_BYTE);
                    assertEquals(0, sll[0] << 8 | sll[1], "packet type: PACKET_HOST");
                    assertEquals(1, sll[2] << 8 | sll[3], "ARPHRD_ETHER");
                    assertEquals(6, sll[4] << 8 | sll[5], "address length");
                    for (int b = 0; b < 6; b++) {
                        assertEquals(sourceMac[b], sll[6 + b], "source MAC byte " + b);
                    }
                    assertEquals(0x08, sll[14]);
                    assertEquals(0x00, sll[15]);
                }
            }
            assertEquals(20, seen);
            assertEquals(LinkType.LINUX_SLL, source.linkType());
            assertEquals(network.hostInterface(), source.interfaceName(ifindex));
        }
    }

    @Test
    void shouldPassOnlyWhatTheFilterAccepts() throws Exception {
        // tcpdump -i lo -dd udp (an Ethernet link type): IPv4 or IPv6 (also after a fragment header) with UDP
        int[] udp = {
            0x28, 0, 0, 0x0000000c,
            0x15, 0, 2, 0x00000800,
            0x30, 0, 0, 0x00000017,
            0x15, 6, 7, 0x00000011,
            0x15, 0, 6, 0x000086dd,
            0x30, 0, 0, 0x00000014,
            0x15, 3, 0, 0x00000011,
            0x15, 0, 3, 0x0000002c,
            0x30, 0, 0, 0x00000036,
            0x15, 0, 1, 0x00000011,
            0x6, 0, 0, 0x00040000,
            0x6, 0, 0, 0x00000000,
        };
        try (LiveRingSource source = LiveRingSource.open(smallRing(network.hostInterface()))) {
            source.attachFilter(udp);
            source.start();
            network.ping(5);
            network.sendUdp(30, 1, 100);
            UdpCollector.Collected collected = UdpCollector.collect(source, 30, 0, 10_000);
            assertEquals(30, collected.datagrams().size());
            assertEquals(0, collected.otherPackets(), "packets other than UDP passed the filter");
            assertThrows(IllegalStateException.class, () -> source.attachFilter(udp));
        }
    }

    @Test
    void shouldStopPromptlyFromAnotherThread() throws Exception {
        try (LiveRingSource source = LiveRingSource.open(smallRing(network.hostInterface()))) {
            source.start();
            AtomicLong stoppedAt = new AtomicLong();
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stoppedAt.set(System.nanoTime());
                source.stop();
            });
            PacketBatch batch = new PacketBatch();
            int emptyBatches = 0;
            while (source.nextBatch(batch)) {
                emptyBatches += batch.count() == 0 ? 1 : 0;
            }
            long late = System.nanoTime() - stoppedAt.get();
            assertTrue(late < 200_000_000L, "nextBatch returned false " + late / 1_000_000 + " ms after stop()");
            assertTrue(emptyBatches >= 2, "an empty batch at least every ~100 ms, saw " + emptyBatches);
            assertFalse(source.nextBatch(batch));
        }
    }

    /**
     * The worker's epoll wait ends when the kernel closes a block by its timeout, long before the wait's own
     * timeout; and once that block is the worker's, a wait with nothing new sleeps its whole timeout rather than
     * reporting the same block again (level-triggered epoll would: the socket stays readable while it is held).
     */
    @Test
    void shouldWakeForABlockClosedByTimeoutAndNotSpinOnIt() throws Exception {
        LiveRingConfig config = LiveRingConfig.of(network.hostInterface()).withRing(64 * 1024, 4, 20);
        try (LivePacketSocket socket = LivePacketSocket.open(LinuxConstants.SOCK_RAW,
                network.hostInterface())) {
            MemorySegment ring = socket.mapRing(config);
            try (EpollRingWait wait = EpollRingWait.open(socket.fd(), network.hostInterface())) {
                socket.bind(Libc.if_nametoindex(network.hostInterface()), network.hostInterface());
                network.sendUdp(1, 1, 64);
                long start = System.nanoTime();
                assertEquals(RingBlockReader.RingWait.READY, wait.await(10_000));
                long woke = System.nanoTime() - start;
                assertTrue(woke < 5_000_000_000L, "woke after " + woke / 1_000_000 + " ms");
                int status = TpacketBlockDesc.blockStatusAcquire(ring.asSlice(0, config.blockSize()));
                assertEquals(LinuxConstants.TP_STATUS_USER | LinuxConstants.TP_STATUS_BLK_TMO,
                        status & (LinuxConstants.TP_STATUS_USER | LinuxConstants.TP_STATUS_BLK_TMO));

                start = System.nanoTime();
                assertEquals(RingBlockReader.RingWait.READY, wait.await(300));
                long slept = System.nanoTime() - start;
                assertTrue(slept >= 250_000_000L, "returned after " + slept / 1_000_000 + " ms with nothing new");

                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                // The interpreter's and C1's downcalls allocate ~40 bytes a call; C2's do not. On a loaded machine C2
                // can install its code late, so rounds go on until one is clean, and a wait that allocates once
                // compiled fails all twenty.
                long allocated = Long.MAX_VALUE;
                for (int round = 0; round < 20 && allocated >= 10_000; round++) {
                    long before = threads.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 50_000; i++) {
                        wait.await(0);
                    }
                    allocated = threads.getCurrentThreadAllocatedBytes() - before;
                }
                assertTrue(allocated < 10_000, allocated + " bytes allocated over 50,000 waits in the last of 20 rounds");
            }
        }
    }

    /** A stop with the worker idle and packets in a block the kernel has not closed yet: they are read first. */
    @Test
    void shouldDrainAnOpenBlockAtAStopWithTheWorkerIdle() throws Exception {
        LiveRingConfig config = LiveRingConfig.of(network.hostInterface()).withRing(64 * 1024, 4, 200);
        try (LiveRingSource source = LiveRingSource.open(config)) {
            source.start();
            network.sendUdp(10, 1, 64);
            source.stop();
            PacketBatch batch = new PacketBatch();
            long read = 0;
            long start = System.nanoTime();
            while (source.nextBatch(batch)) {
                read += batch.count();
            }
            long took = System.nanoTime() - start;
            assertTrue(read >= 10, "read " + read);
            assertEquals(source.statistics().received(), read, source.ringStatistics().toString());
            assertEquals(0, source.ringStatistics().packetsNotDrained());
            assertEquals(1, source.ringStatistics().blocksRetiredByTimeout(), source.ringStatistics().toString());
            assertTrue(took < 2 * 200_000_000L + 1_000_000_000L, "drained in " + took / 1_000_000 + " ms");
        }
    }

    @Test
    void shouldCountWhatTheKernelDropsWhenTheWorkerStalls() throws Exception {
        LiveRingConfig config = LiveRingConfig.of(network.hostInterface()).withRing(4096, 4, 2);
        try (LiveRingSource source = LiveRingSource.open(config)) {
            source.start();
            network.sendUdp(2000, 1, 64); // nobody reads: the 16 KiB ring fills after ~100 datagrams
            SourceStatistics stats = source.statistics();
            assertTrue(stats.dropped() > 1000, stats.toString());
            assertTrue(stats.received() >= 2000, "tp_packets counts drops too: " + stats);
            assertTrue(stats.freezes() >= 1, stats.toString());
            BitSet numbers = new BitSet();
            UdpCollector.collect(source, 2000, 0, 500).datagrams().forEach(d -> numbers.set(d.number()));
            assertTrue(numbers.cardinality() > 0 && numbers.cardinality() < 200, numbers.toString());
        }
    }
}
