package io.netzer.capture;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.sys.LinuxConstants;
import io.netzer.sys.SockaddrLl;
import io.netzer.sys.Tpacket3Hdr;
import io.netzer.sys.TpacketBlockDesc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's walk over blocks laid out as the kernel lays them out, without a socket. */
class RingBlockReaderTest {
    private static final int BLOCK_SIZE = 8192;
    // SOCK_RAW on Ethernet: netoff = TPACKET_ALIGN(TPACKET3_HDRLEN + 16) = 96, macoff = netoff - 14
    private static final int RAW_MAC = 82;
    // SOCK_DGRAM: macoff = netoff = TPACKET_ALIGN(TPACKET3_HDRLEN) + 16
    private static final int DGRAM_MAC = 96;
    private static final int FIRST_PACKET = 48; // BLK_PLUS_PRIV(0): the block descriptor, 8-byte aligned

    /** A tally for tests that never drain. */
    private static final RingBlockReader.RingTally NO_DRAIN = () -> 0;
    /** A wait in which the kernel closes no block. */
    private static final RingBlockReader.RingWait NOTHING_CLOSES = timeout -> RingBlockReader.RingWait.READY;

    private final Arena arena = Arena.ofConfined();
    /** The counters of the case's reader (JUnit makes an instance of this class for each case). */
    private final RingCounters counters = new RingCounters();

    @AfterEach
    void free() {
        arena.close();
    }

    private RingBlockReader reader(MemorySegment[] blocks, RingBlockReader.RingWait wait, int snapshotLength,
            boolean cooked, RingBlockReader.RingTally tally, int blockTimeoutMillis) {
        return new RingBlockReader(blocks, wait, "veth0", counters, snapshotLength,
                cooked ? LinkType.LINUX_SLL : LinkType.ETHERNET, cooked, tally, blockTimeoutMillis);
    }

    /** A reader of Ethernet frames in {@code blocks} as they are: the kernel closes no block, no drain comes. */
    private RingBlockReader reader(int snapshotLength, MemorySegment... blocks) {
        return reader(blocks, NOTHING_CLOSES, snapshotLength, false, NO_DRAIN, 100);
    }

    /** A block of {@code count} frames of {@code length} bytes each, packet i filled with byte i. */
    private MemorySegment block(int count, int length, int mac, long seq) {
        MemorySegment block = arena.allocate(BLOCK_SIZE, 16);
        long header = FIRST_PACKET;
        for (int i = 0; i < count; i++) {
            long next = Tpacket3Hdr.align(mac + length);
            Tpacket3Hdr.tpNextOffset(block, header, i == count - 1 ? 0 : (int) next);
            Tpacket3Hdr.tpSec(block, header, 1_700_000_000 + i);
            Tpacket3Hdr.tpNsec(block, header, 123_456_789);
            Tpacket3Hdr.tpSnaplen(block, header, length);
            Tpacket3Hdr.tpLen(block, header, length + 1000);
            Tpacket3Hdr.tpMac(block, header, mac);
            Tpacket3Hdr.tpNet(block, header, mac + 14);
            long sockaddr = header + Tpacket3Hdr.SOCKADDR_LL_OFFSET;
            SockaddrLl.sllFamily(block, sockaddr, LinuxConstants.AF_PACKET);
            SockaddrLl.sllProtocol(block, sockaddr, 0x0800);
            SockaddrLl.sllIfindex(block, sockaddr, 7);
            SockaddrLl.sllHatype(block, sockaddr, LinuxConstants.ARPHRD_ETHER);
            SockaddrLl.sllPkttype(block, sockaddr, LinuxConstants.PACKET_OUTGOING);
            SockaddrLl.sllHalen(block, sockaddr, 6);
            for (int b = 0; b < 8; b++) {
                block.set(ValueLayout.JAVA_BYTE, sockaddr + SockaddrLl.SLL_ADDR + b, (byte) (0xa0 + b));
            }
            block.asSlice(header + mac, length).fill((byte) i);
            header += next;
        }
        TpacketBlockDesc.numPkts(block, count);
        TpacketBlockDesc.offsetToFirstPkt(block, FIRST_PACKET);
        TpacketBlockDesc.blkLen(block, (int) header);
        TpacketBlockDesc.seqNum(block, seq);
        TpacketBlockDesc.blockStatusRelease(block, LinuxConstants.TP_STATUS_USER);
        return block;
    }

    @Test
    void shouldReadExactlyThePacketsTheKernelCountedWhenDrainingAtAStop() throws Exception {
        // The kernel's counters at the stop say 6 packets went into the ring: all 5 of block 0, and the first of
        // block 1, whose second packet came after the counters were read (neither counted nor read).
        MemorySegment[] blocks = {block(5, 60, RAW_MAC, 1), block(2, 60, RAW_MAC, 2)};
        TpacketBlockDesc.blockStatusRelease(blocks[1], LinuxConstants.TP_STATUS_KERNEL); // still being filled
        int[] waits = new int[1];
        // the kernel closes block 1 (by its timeout) while the worker waits after the stop
        RingBlockReader.RingWait closesBlock1 = timeout -> {
            waits[0]++;
            TpacketBlockDesc.blockStatusRelease(blocks[1], LinuxConstants.TP_STATUS_USER
                    | LinuxConstants.TP_STATUS_BLK_TMO);
            return RingBlockReader.RingWait.READY;
        };
        RingBlockReader reader = reader(blocks, closesBlock1, 65535, false, () -> 6, 100);
        PacketBatch batch = new PacketBatch(4);
        assertTrue(reader.nextBatch(batch));
        assertEquals(4, batch.count());
        reader.requestDrain(null);
        long read = batch.count();
        while (reader.nextBatch(batch)) {
            read += batch.count();
        }
        assertEquals(6, read);
        assertEquals(1, waits[0], "one wait, for the block that was not closed yet");
        RingStatistics ring = counters.snapshot();
        assertEquals(0, ring.packetsNotDrained());
        assertEquals(1, ring.waits());
        assertEquals(1, ring.blocksRetiredFull());
        assertEquals(1, ring.blocksRetiredByTimeout());
        assertEquals(LinuxConstants.TP_STATUS_KERNEL, TpacketBlockDesc.blockStatusAcquire(blocks[1]), "given back");
        assertTrue(reader.isStopped(), "drained");
    }

    @Test
    void shouldThrowWhyTheDrainCameOnceTheRingIsDrained() throws Exception {
        MemorySegment[] blocks = {block(3, 60, RAW_MAC, 1), block(0, 60, RAW_MAC, 2)};
        TpacketBlockDesc.blockStatusRelease(blocks[1], LinuxConstants.TP_STATUS_KERNEL);
        RingBlockReader reader = reader(blocks, NOTHING_CLOSES, 65535, false, () -> 3, 100);
        reader.requestDrain(new IOException("the interface was removed"));
        PacketBatch batch = new PacketBatch(8);
        assertTrue(reader.nextBatch(batch));
        assertEquals(3, batch.count(), "every packet first");
        IOException removed = assertThrows(IOException.class,
                () -> reader.nextBatch(batch));
        assertEquals("the interface was removed", removed.getMessage());
    }

    @Test
    void shouldCountWhatTheDrainCouldNotReadBeforeItsDeadline() throws Exception {
        MemorySegment[] blocks = {block(2, 60, RAW_MAC, 1), block(0, 60, RAW_MAC, 2)};
        TpacketBlockDesc.blockStatusRelease(blocks[1], LinuxConstants.TP_STATUS_KERNEL);
        // 1 ms block timeout: the deadline is 2 ms and a second away; the kernel claims 5 packets, 2 ever come
        RingBlockReader.RingWait sleeps = timeout -> {
            LockSupport.parkNanos(timeout * 1_000_000L);
            return RingBlockReader.RingWait.READY;
        };
        RingBlockReader reader = reader(blocks, sleeps, 65535, false, () -> 5, 1);
        reader.requestDrain(null);
        PacketBatch batch = new PacketBatch(8);
        long read = 0;
        while (reader.nextBatch(batch)) {
            read += batch.count();
        }
        assertEquals(2, read);
        assertEquals(3, counters.snapshot().packetsNotDrained());
    }

    @Test
    void shouldWalkABlockAcrossBatchesAndReturnItAfterwards() throws Exception {
        MemorySegment[] blocks = {block(5, 60, RAW_MAC, 1), block(2, 60, RAW_MAC, 2)};
        RingBlockReader reader = reader(40, blocks);
        PacketBatch batch = new PacketBatch(3);
        Packet packet = new Packet();

        assertTrue(reader.nextBatch(batch));
        assertEquals(3, batch.count());
        batch.packet(1, packet);
        assertEquals(40, packet.capturedLength(), "cut to the snapshot length");
        assertEquals(1060, packet.wireLength());
        assertEquals(1_700_000_001L * 1_000_000_000L + 123_456_789L, packet.timestampNanos());
        assertEquals(7, packet.interfaceIndex());
        assertEquals(2, packet.sequence());
        assertEquals(1, packet.segment().get(ValueLayout.JAVA_BYTE, packet.offset()), "the packet's own bytes");
        assertEquals(LinkType.ETHERNET, packet.linkType());

        assertTrue(reader.nextBatch(batch));
        assertEquals(2, batch.count(), "the rest of block 0");
        assertEquals(4, batch.packet(0, packet).sequence());
        assertEquals(LinuxConstants.TP_STATUS_USER, TpacketBlockDesc.blockStatusAcquire(blocks[0]), "still held");

        assertTrue(reader.nextBatch(batch));
        assertEquals(2, batch.count(), "block 1");
        assertEquals(6, batch.packet(0, packet).sequence());
        assertEquals(LinuxConstants.TP_STATUS_KERNEL, TpacketBlockDesc.blockStatusAcquire(blocks[0]), "returned");
        assertEquals(7, counters.packets);
        assertEquals(1, counters.blocksReturned);

        assertTrue(reader.nextBatch(batch), "nothing more: an empty batch");
        assertEquals(0, batch.count());
        assertEquals(2, counters.blocksReturned);
        assertEquals(1, counters.waits, "waited for block 0 to come round again");
        assertEquals(0, counters.sequenceGaps);
    }

    @Test
    void shouldCountSequenceGapsAndStopWithoutDraining() throws Exception {
        MemorySegment[] blocks = {block(1, 60, RAW_MAC, 7), block(1, 60, RAW_MAC, 10)};
        RingBlockReader reader = reader(65535, blocks);
        PacketBatch batch = new PacketBatch(8);
        assertTrue(reader.nextBatch(batch));
        assertTrue(reader.nextBatch(batch));
        assertEquals(2, counters.sequenceGaps, "blocks 8 and 9 never came");
        reader.stop();
        assertFalse(reader.nextBatch(batch));
        assertEquals(LinuxConstants.TP_STATUS_KERNEL, TpacketBlockDesc.blockStatusAcquire(blocks[1]), "given back");
    }

    @Test
    void shouldCountAnInterfaceGoingDownAndDrainWhenItIsRemoved() throws Exception {
        MemorySegment[] blocks = {block(2, 60, RAW_MAC, 1), block(0, 60, RAW_MAC, 2)};
        TpacketBlockDesc.blockStatusRelease(blocks[0], LinuxConstants.TP_STATUS_KERNEL);
        TpacketBlockDesc.blockStatusRelease(blocks[1], LinuxConstants.TP_STATUS_KERNEL);
        int[] events = {RingBlockReader.RingWait.INTERFACE_DOWN, RingBlockReader.RingWait.INTERFACE_REMOVED};
        int[] calls = new int[1];
        RingBlockReader.RingWait wait = timeout -> {
            int call = calls[0]++;
            if (call == 1) { // the kernel closed block 0 as the interface went away
                TpacketBlockDesc.blockStatusRelease(blocks[0], LinuxConstants.TP_STATUS_USER);
            }
            return call < events.length ? events[call] : RingBlockReader.RingWait.READY;
        };
        RingBlockReader reader = reader(blocks, wait, 65535, false, () -> 2, 100);
        PacketBatch batch = new PacketBatch(8);
        assertTrue(reader.nextBatch(batch));
        assertEquals(0, batch.count());
        assertEquals(1, counters.interfaceDownEvents);
        assertTrue(reader.nextBatch(batch));
        assertEquals(2, batch.count(), "the packets in the ring are read first");
        IOException removed = assertThrows(IOException.class, () -> reader.nextBatch(batch));
        assertEquals("capture on veth0 ended: the interface was removed", removed.getMessage());
        assertEquals(1, counters.interfaceDownEvents);
    }

    @Test
    void shouldBuildACookedHeaderInFrontOfADatagramPacket() throws Exception {
        MemorySegment[] blocks = {block(1, 28, DGRAM_MAC, 1)};
        RingBlockReader reader = reader(blocks, NOTHING_CLOSES, 65535, true, NO_DRAIN, 100);
        PacketBatch batch = new PacketBatch(4);
        Packet packet = new Packet();
        assertTrue(reader.nextBatch(batch));
        batch.packet(0, packet);
        assertEquals(LinkType.LINUX_SLL, packet.linkType());
        assertEquals(16 + 28, packet.capturedLength());
        assertEquals(16 + 1028, packet.wireLength());
        assertEquals(FIRST_PACKET + DGRAM_MAC - 16, packet.offset());
        byte[] expected = {
            0x00, 0x04,                                     // packet type: PACKET_OUTGOING
            0x00, 0x01,                                     // ARPHRD_ETHER
            0x00, 0x06,                                     // address length
            (byte) 0xa0, (byte) 0xa1, (byte) 0xa2, (byte) 0xa3, (byte) 0xa4, (byte) 0xa5, (byte) 0xa6,
            (byte) 0xa7,                                    // sll_addr, all 8 bytes as libpcap copies them
            0x08, 0x00,                                     // protocol: IPv4
            0x00, 0x00                                      // the packet itself (packet 0 is filled with 0)
        };
        assertArrayEquals(expected, packet.segment().asSlice(packet.offset(), 18).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void shouldCountAFrameThatLeavesItsBlockAndSkipTheRest() throws Exception {
        MemorySegment block = block(3, 60, RAW_MAC, 1);
        long second = Tpacket3Hdr.align(RAW_MAC + 60) + FIRST_PACKET;
        Tpacket3Hdr.tpSnaplen(block, second, BLOCK_SIZE); // runs past the end of the block
        RingBlockReader reader = reader(65535, block);
        PacketBatch batch = new PacketBatch(8);
        assertTrue(reader.nextBatch(batch));
        assertEquals(1, batch.count());
        assertEquals(1, counters.malformedPackets);
    }

    @Test
    void shouldAllocateNothingPerPacketOnceWarm() throws Exception {
        int perBlock = 40;
        MemorySegment[] blocks = new MemorySegment[4];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = block(perBlock, 100, RAW_MAC, i + 1);
        }
        // the kernel closes the next block whenever the worker waits: the wait path runs once per block
        RingBlockReader.RingWait kernel = timeout -> {
            for (MemorySegment block : blocks) {
                if (TpacketBlockDesc.blockStatusAcquire(block) == LinuxConstants.TP_STATUS_KERNEL) {
                    TpacketBlockDesc.blockStatusRelease(block, LinuxConstants.TP_STATUS_USER);
                    break;
                }
            }
            return RingBlockReader.RingWait.READY;
        };
        RingBlockReader reader = reader(blocks, kernel, 65535, false, NO_DRAIN, 100);
        PacketBatch batch = new PacketBatch(16); // smaller than a block: the continuation path runs too
        Packet packet = new Packet();
        long checksum = walk(reader, batch, packet, 200_000);

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int packets = 1_000_000;
        checksum += walk(reader, batch, packet, packets);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(checksum != 0);
        assertTrue(allocated < packets, allocated + " bytes allocated over " + packets + " packets");
    }

    /** Walks {@code packets} packets, touching each. */
    private static long walk(RingBlockReader reader, PacketBatch batch, Packet packet, int packets) throws Exception {
        long sum = 0;
        int seen = 0;
        while (seen < packets) {
            reader.nextBatch(batch);
            for (int i = 0; i < batch.count(); i++) {
                batch.packet(i, packet);
                sum += packet.wireLength() + packet.segment().get(ValueLayout.JAVA_BYTE, packet.offset());
            }
            seen += batch.count();
        }
        return sum;
    }
}
