package io.netzer.pipeline;

import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.LinkWalk;
import io.netzer.dissect.Packet;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Which packets of a file one of N workers analyses, when every worker reads the whole file (what PACKET_FANOUT's
 * hash does for a live capture): a packet belongs to the worker its key picks. The key is symmetric in the pair of IP
 * addresses of the outermost IP header, so everything one worker's state needs stays on one worker: both
 * directions of a flow, every fragment of a datagram (fragments after the first carry no ports), every flow inside
 * a tunnel between the same two ends, a DNS query and its answer. Packets without an IP header the key can read
 * (ARP, other EtherTypes, a frame cut before the addresses) go to worker 0.
 *
 * <p>The key reads only the link headers, through the dissector's own walk to the network header ({@link LinkWalk},
 * so a link type the dissector learns is learnt here too), and the two addresses: nothing is allocated, nothing is
 * counted (the worker that owns the packet counts its faults once).
 */
public final class WorkerShare {
    private static final int IPV4_SOURCE_OFFSET = 12;
    private static final int IPV4_ADDRESSES_END = 20;
    private static final int IPV6_SOURCE_OFFSET = 8;
    private static final int IPV6_DESTINATION_OFFSET = 24;
    private static final int IPV6_ADDRESSES_END = 40;
    private static final long MIX_1 = 0xff51afd7ed558ccdL;
    private static final long MIX_2 = 0xc4ceb9fe1a85ec53L;

    private final int index;
    private final int count;
    private final LinkWalk walk = new LinkWalk();

    /**
     * The share of worker {@code index} of {@code count}.
     *
     * @throws IllegalArgumentException when the index is not one of {@code 0 .. count - 1}
     */
    public WorkerShare(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("worker " + index + " of " + count + ": expected 0 to count - 1");
        }
        this.index = index;
        this.count = count;
    }

    /** Whether this worker analyses {@code packet}. */
    public boolean owns(Packet packet) {
        return workerOf(packet) == index;
    }

    /** The worker (0 to count - 1) that analyses {@code packet}. */
    public int workerOf(Packet packet) {
        long key = key(packet);
        // Lemire's multiply-shift maps the key's top 32 bits onto the workers without a division.
        return (int) (((key >>> 32) * count) >>> 32);
    }

    /** The packet's symmetric key: a hash of its outermost IP address pair, or 0 when it has none. */
    long key(Packet packet) {
        MemorySegment segment = packet.segment();
        long start = packet.offset();
        long end = start + packet.capturedLength();
        long position = walk.walk(packet.linkType(), segment, start, end);
        if (position < 0) {
            return 0;
        }
        return addressPair(walk.networkType(), segment, position, end);
    }

    /**
     * The hash of the IP header's two addresses at {@code position}, the same whichever is the source: each
     * address is mixed alone and the two are added, then mixed again; 0 when {@code etherType} is not IP or the
     * addresses are cut short.
     */
    private static long addressPair(int etherType, MemorySegment segment, long position, long end) {
        long available = end - position;
        if (etherType == EtherTypes.IPV4 && available >= IPV4_ADDRESSES_END) {
            return mix(mix(Wire.u32(segment, position + IPV4_SOURCE_OFFSET))
                    + mix(Wire.u32(segment, position + IPV4_SOURCE_OFFSET + Integer.BYTES)));
        }
        if (etherType == EtherTypes.IPV6 && available >= IPV6_ADDRESSES_END) {
            return mix(ipv6Address(segment, position + IPV6_SOURCE_OFFSET)
                    + ipv6Address(segment, position + IPV6_DESTINATION_OFFSET));
        }
        return 0;
    }

    private static long ipv6Address(MemorySegment segment, long offset) {
        return mix(Wire.i64(segment, offset) ^ mix(Wire.i64(segment, offset + Long.BYTES)));
    }

    /** MurmurHash3's 64-bit finalizer: every input bit moves about half the output bits. */
    static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= MIX_1;
        h ^= h >>> 33;
        h *= MIX_2;
        h ^= h >>> 33;
        return h;
    }
}
