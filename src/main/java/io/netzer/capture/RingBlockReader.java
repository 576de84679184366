package io.netzer.capture;

import io.netzer.sys.LinuxConstants;
import io.netzer.sys.SockaddrLl;
import io.netzer.sys.Tpacket3Hdr;
import io.netzer.sys.TpacketBlockDesc;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The worker's own TPACKET_V3 ring, with no thread in between: {@link #nextBatch} looks at the next block in ring
 * order ({@code block_status}, acquire load), walks its {@code tpacket3_hdr} chain by {@code tp_next_offset} into a
 * {@link PacketBatch} of views into the block if the kernel has closed it, and gives it back to the kernel
 * ({@code TP_STATUS_KERNEL}, release store) before looking at the next, so blocks return in ring order. A block with
 * more packets than the batch holds continues on the next call. When the next block is still the kernel's, the
 * worker sleeps in {@link RingWait} (epoll on the socket) until the kernel closes a block, as libpcap's
 * {@code pcap_read_linux_mmap_v3} does; it never waits while a closed block is there to walk.
 *
 * <p>For a cooked socket (SOCK_DGRAM, the {@code any} pseudo-interface) the frame holds the packet from its network
 * header on; as libpcap does, the walk writes a 16-byte Linux cooked (SLL v1) header into the 16 bytes the kernel
 * always leaves free in front of the packet (it places a SOCK_DGRAM packet at TPACKET_ALIGN(TPACKET3_HDRLEN) + 16),
 * built from the frame's sockaddr_ll, so that the packet handed on is a LINKTYPE_LINUX_SLL packet, still in place.
 *
 * <p>Nothing here allocates. The kernel is trusted but checked: a frame whose header or data would leave its block
 * ends the walk of that block and is counted as malformed.
 *
 * <p>A stop drains the ring (see {@link #beginDrain}): the closing lines then account for every packet the kernel
 * counted, each either read here or dropped by the kernel. {@link #requestDrain} and {@link #stop} may come from
 * any thread (a signal handler's); the worker sees them within one {@link #POLL_TIMEOUT_MILLIS}.
 */
final class RingBlockReader {
    /** Length of the Linux cooked (SLL v1) header. */
    static final int SLL_HDR_LEN = 16;
    private static final int VLAN_TAG_LEN = 4;
    private static final int MAC_ADDRESSES = 12;
    private static final int ETH_P_8021Q = 0x8100;
    /** How long {@link #nextBatch} sleeps in epoll for a block before returning an empty batch, so callers can stop. */
    static final int POLL_TIMEOUT_MILLIS = 100;
    /** Beyond two block timeouts (the kernel's retire timer), how long a drain may wait for the last block. */
    private static final long DRAIN_MARGIN_NANOS = 1_000_000_000L;

    private static final ValueLayout.OfShort NETWORK_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    // the first frame header lies at least past the block descriptor, and every frame holds at least its header
    private static final long MIN_FRAME = Tpacket3Hdr.TPACKET3_HDRLEN;

    private final MemorySegment[] blocks;
    private final RingWait wait;
    private final String interfaceName;
    private final RingCounters counters;
    private final int snapshotLength;
    private final int linkType;
    private final boolean cooked;
    private final RingTally tally;
    private final long drainWaitNanos;

    /** tcpdump's {@code -Q}: which packets the walk hands on, by the packet type the kernel gives each frame. */
    private Direction direction = Direction.INOUT;
    private volatile boolean stopped;
    private volatile boolean drainRequested;
    private volatile IOException drainCause;
    private int current = -1;
    private int next;
    private long lastSequence;
    private long delivered;
    private long drainTarget = -1;
    private long drainDeadline;
    private long nextHeader;
    private int packetsLeft;
    private long nextSequence = 1;

    /**
     * @param blocks         one segment per ring block, in ring order
     * @param wait           sleeps until the kernel closes a block
     * @param interfaceName  the interface, for the message when it is removed
     * @param snapshotLength the most bytes of a packet handed on (a cooked header counts)
     * @param linkType       the link type of the packets handed on
     * @param cooked         whether to build an SLL header in front of each packet
     * @param tally          the kernel's count of packets put in the ring, read once when a drain begins
     * @param blockTimeoutMillis the ring's block timeout, which bounds how long the last block takes to come
     */
    RingBlockReader(MemorySegment[] blocks, RingWait wait, String interfaceName, RingCounters counters,
            int snapshotLength, int linkType, boolean cooked, RingTally tally, int blockTimeoutMillis) {
        this.blocks = blocks;
        this.wait = wait;
        this.interfaceName = interfaceName;
        this.counters = counters;
        this.snapshotLength = snapshotLength;
        this.linkType = linkType;
        this.cooked = cooked;
        this.tally = tally;
        this.drainWaitNanos = 2L * blockTimeoutMillis * 1_000_000L + DRAIN_MARGIN_NANOS;
    }

    /** The kernel's final count of the packets it put in the ring; see {@link #beginDrain}. */
    interface RingTally {
        /** Reads PACKET_STATISTICS a last time and returns the packets it put in the ring since the socket opened. */
        long freeze() throws IOException;
    }

    /** How the worker sleeps until the kernel closes a block: epoll on the socket ({@link EpollRingWait}). */
    interface RingWait {
        /** Woken by the kernel, or the timeout passed. */
        int READY = 0;
        /** The socket reported ENETDOWN or ENODEV and the interface still exists: it went down. */
        int INTERFACE_DOWN = 1;
        /** The socket reported ENETDOWN or ENODEV and the interface name no longer resolves: it was removed. */
        int INTERFACE_REMOVED = 2;

        /**
         * Sleeps until the kernel closes a block or reports a socket error, or {@code timeoutMillis} pass.
         *
         * @return {@link #READY}, {@link #INTERFACE_DOWN} or {@link #INTERFACE_REMOVED}
         * @throws IOException any other socket error, or a failed wait
         */
        int await(int timeoutMillis) throws IOException;
    }

    /** Hands on only the packets of {@code direction}; set before the capture starts. */
    void direction(Direction direction) {
        this.direction = direction;
    }

    /** See {@link PacketSource#nextBatch}. */
    boolean nextBatch(PacketBatch batch) throws IOException {
        if (current >= 0 && packetsLeft == 0) {
            release();
        }
        if (stopped) {
            if (current >= 0) {
                release();
            }
            return false;
        }
        if (drainRequested) {
            if (drainTarget < 0) {
                beginDrain();
            }
            if (delivered >= drainTarget || System.nanoTime() - drainDeadline > 0) {
                endDrain();
                return false;
            }
        }
        if (current < 0 && !acquireNext()) {
            batch.reset(MemorySegment.NULL, nextSequence);
            return !stopped;
        }
        walk(batch);
        return true;
    }

    /**
     * Takes the next block in ring order if the kernel has closed it; otherwise sleeps until it closes one (or the
     * poll timeout passes) and looks once more. The kernel fills blocks in ring order, so the next one is the only
     * one to look at; epoll wakes once per block closed (edge-triggered), so a block closed between the look and
     * the wait ends the wait at once.
     */
    private boolean acquireNext() throws IOException {
        MemorySegment block = blocks[next];
        int status = TpacketBlockDesc.blockStatusAcquire(block);
        if ((status & LinuxConstants.TP_STATUS_USER) == 0) {
            counters.waits = counters.waits + 1;
            int event = wait.await(POLL_TIMEOUT_MILLIS);
            if (event != RingWait.READY) {
                interfaceEvent(event);
            }
            status = TpacketBlockDesc.blockStatusAcquire(block);
            if ((status & LinuxConstants.TP_STATUS_USER) == 0) {
                return false;
            }
        }
        begin(next, status);
        next = next + 1 == blocks.length ? 0 : next + 1;
        return true;
    }

    /**
     * The kernel reports an interface going down, and being removed, as ENETDOWN on the socket (af_packet's
     * packet_notifier). Down is counted and capture goes on: the socket receives again once the interface is up.
     * Removed ends the capture once the ring is drained: the blocks the kernel has filled, and the one it closes
     * within its block timeout, are still read.
     */
    private void interfaceEvent(int event) {
        if (event == RingWait.INTERFACE_REMOVED) {
            requestDrain(new IOException("capture on " + interfaceName + " ended: the interface was removed"));
        } else {
            counters.interfaceDownEvents = counters.interfaceDownEvents + 1;
        }
    }

    /**
     * Any thread: asks the worker to read every packet the kernel has put in the ring so far, then to end.
     * {@code cause}, when not null, is what {@link #nextBatch} throws once the ring is drained (the interface went
     * away); the first request decides.
     */
    void requestDrain(IOException cause) {
        if (cause != null && !drainRequested) {
            drainCause = cause;
        }
        drainRequested = true;
    }

    /** Any thread: makes {@link #nextBatch} return false at once, without a drain. */
    void stop() {
        stopped = true;
    }

    /** Whether the reader has stopped (asked to, or drained). */
    boolean isStopped() {
        return stopped;
    }

    /**
     * The start of a drain: the kernel's counters are read a last time, and that count of packets put in the ring
     * becomes the number to read before ending. PACKET_STATISTICS is read under the lock the kernel holds while
     * it reserves a frame for a packet, so the packets it counts are exactly the first ones of the ring, in ring
     * order; whatever arrives after this read goes after them, and is neither read nor counted (the counters are
     * not read again), so {@code received = captured + dropped} holds exactly. Those packets are in blocks the
     * kernel may not have closed yet: it closes a partly filled block within two block timeouts (its retire
     * timer), and the worker keeps taking blocks until the count is reached.
     */
    private void beginDrain() throws IOException {
        drainDeadline = System.nanoTime() + drainWaitNanos;
        drainTarget = tally.freeze();
    }

    /** Gives the block back, stops, and throws why the drain came if it was a fault. */
    private void endDrain() throws IOException {
        if (current >= 0) {
            release();
        }
        counters.packetsNotDrained = Math.max(0, drainTarget - delivered);
        stopped = true;
        IOException cause = drainCause;
        if (cause != null) {
            throw cause;
        }
    }

    /** Starts the walk of {@code block}, counting why the kernel closed it and any gap in the sequence numbers. */
    private void begin(int block, int status) {
        current = block;
        MemorySegment segment = blocks[block];
        if ((status & LinuxConstants.TP_STATUS_BLK_TMO) != 0) {
            counters.blocksRetiredByTimeout = counters.blocksRetiredByTimeout + 1;
        } else {
            counters.blocksRetiredFull = counters.blocksRetiredFull + 1;
        }
        long sequence = TpacketBlockDesc.seqNum(segment);
        if (lastSequence != 0 && sequence != lastSequence + 1) {
            counters.sequenceGaps = counters.sequenceGaps + Math.abs(sequence - lastSequence - 1);
        }
        lastSequence = sequence;
        long first = Integer.toUnsignedLong(TpacketBlockDesc.offsetToFirstPkt(segment));
        long count = Integer.toUnsignedLong(TpacketBlockDesc.numPkts(segment));
        if (first < TpacketBlockDesc.LAYOUT.byteSize() || count > segment.byteSize() / MIN_FRAME) {
            counters.malformedPackets = counters.malformedPackets + 1;
            packetsLeft = 0;
            return;
        }
        nextHeader = first;
        packetsLeft = (int) count;
    }

    /**
     * Walks frames of the current block into {@code batch}. The loop is counted (an int from the frames this call
     * may take down to zero, fixed before it starts) and keeps its state in locals, written back once: C2 compiles
     * it in one go, where a loop that tested {@code packetsLeft}, {@code batch.isFull()} and the drain's allowance
     * on every frame was compiled, deoptimised (a profile_predicate trap on its exit) and compiled again during a
     * capture.
     */
    private void walk(PacketBatch batch) {
        MemorySegment block = blocks[current];
        long limit = block.byteSize();
        batch.reset(block, nextSequence);
        // during a drain, the packets the kernel put in the ring after its counters were read are left out
        // (counted in frames walked: a frame -Q leaves out was put in the ring all the same)
        long allowed = drainTarget < 0 ? Long.MAX_VALUE : drainTarget - delivered;
        int left = packetsLeft;
        int end = left - (int) Math.min(Math.min(left, batch.capacity()), allowed);
        long header = nextHeader;
        boolean intact = true;
        while (left > end) {
            if (header + MIN_FRAME > limit) {
                intact = false;
                break;
            }
            long nextAndSec = Tpacket3Hdr.word(block, header, Tpacket3Hdr.NEXT_OFFSET_AND_SEC);
            long nsecAndSnaplen = Tpacket3Hdr.word(block, header, Tpacket3Hdr.NSEC_AND_SNAPLEN);
            long lenAndStatus = Tpacket3Hdr.word(block, header, Tpacket3Hdr.LEN_AND_STATUS);
            long mac = Tpacket3Hdr.tpMac(block, header);
            long captured = Integer.toUnsignedLong(Tpacket3Hdr.high(nsecAndSnaplen));
            int wire = Tpacket3Hdr.low(lenAndStatus);
            long data = header + mac;
            if (mac < MIN_FRAME || data + captured > limit || (cooked && mac < MIN_FRAME + SLL_HDR_LEN)) {
                intact = false;
                break;
            }
            long sockaddr = header + Tpacket3Hdr.SOCKADDR_LL_OFFSET;
            if (cooked) {
                data -= SLL_HDR_LEN;
                writeCookedHeader(block, sockaddr, data);
                captured += SLL_HDR_LEN;
                wire += SLL_HDR_LEN;
            }
            int status = Tpacket3Hdr.high(lenAndStatus);
            if (!cooked && (status & LinuxConstants.TP_STATUS_VLAN_VALID) != 0 && captured >= MAC_ADDRESSES
                    && mac >= MIN_FRAME + VLAN_TAG_LEN) {
                data = reinsertVlanTag(block, header, data, status);
                captured += VLAN_TAG_LEN;
                wire += VLAN_TAG_LEN;
            }
            long nanos = Integer.toUnsignedLong(Tpacket3Hdr.high(nextAndSec)) * 1_000_000_000L
                    + Tpacket3Hdr.low(nsecAndSnaplen);
            if (direction.accepts(SockaddrLl.sllPkttype(block, sockaddr))) {
                batch.add(data, (int) Math.min(captured, snapshotLength), wire, nanos, linkType,
                        SockaddrLl.sllIfindex(block, sockaddr));
            }
            left--;
            long next = Integer.toUnsignedLong(Tpacket3Hdr.low(nextAndSec));
            if (left > 0 && next < MIN_FRAME) {
                intact = false;
                break;
            }
            header += next;
        }
        int count = batch.count();
        nextSequence += count;
        delivered += packetsLeft - left;
        packetsLeft = left;
        nextHeader = header;
        counters.packets = counters.packets + count;
        if (!intact) {
            malformed();
        }
    }

    /**
     * The Linux cooked header, all fields big-endian (tcpdump.org linktypes/LINKTYPE_LINUX_SLL):
     * <pre>
     * 0  packet type (sll_pkttype)      2  ARPHRD_ type (sll_hatype)
     * 4  link-layer address length      6  link-layer address, 8 bytes (sll_addr, copied whole as libpcap does)
     * 14 protocol type (sll_protocol, already in network byte order)
     * </pre>
     */
    private static void writeCookedHeader(MemorySegment block, long sockaddr, long at) {
        block.set(NETWORK_SHORT, at, (short) SockaddrLl.sllPkttype(block, sockaddr));
        block.set(NETWORK_SHORT, at + 2, (short) SockaddrLl.sllHatype(block, sockaddr));
        block.set(NETWORK_SHORT, at + 4, (short) SockaddrLl.sllHalen(block, sockaddr));
        block.set(JAVA_LONG_UNALIGNED, at + 6, block.get(JAVA_LONG_UNALIGNED, sockaddr + SockaddrLl.SLL_ADDR));
        block.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 14, SockaddrLl.sllProtocolRaw(block, sockaddr));
    }

    /**
     * Puts back the VLAN tag the kernel moved into the frame header (tp_vlan_tci), as libpcap does: the two MAC
     * addresses move 4 bytes into the free space before the packet and the tag goes after them, so the frame
     * reads as it was on the wire. The block is the worker's until it is released, so this is safe in place.
     */
    private static long reinsertVlanTag(MemorySegment block, long header, long data, int status) {
        int tpid = (status & LinuxConstants.TP_STATUS_VLAN_TPID_VALID) != 0 ? Tpacket3Hdr.tpVlanTpid(block, header)
                : ETH_P_8021Q;
        long tagged = data - VLAN_TAG_LEN;
        MemorySegment.copy(block, data, block, tagged, MAC_ADDRESSES);
        block.set(NETWORK_SHORT, tagged + MAC_ADDRESSES, (short) tpid);
        block.set(NETWORK_SHORT, tagged + MAC_ADDRESSES + 2, (short) Tpacket3Hdr.tpVlanTci(block, header));
        return tagged;
    }

    private void malformed() {
        counters.malformedPackets = counters.malformedPackets + 1;
        // the rest of the block cannot be walked: counted as read, so that a drain does not wait for it
        delivered += packetsLeft;
        packetsLeft = 0;
    }

    private void release() {
        TpacketBlockDesc.blockStatusRelease(blocks[current], LinuxConstants.TP_STATUS_KERNEL);
        counters.blocksReturned = counters.blocksReturned + 1;
        current = -1;
    }
}
