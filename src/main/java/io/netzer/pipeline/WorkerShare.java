package io.netzer.pipeline;

import io.netzer.dissect.CiscoHdlcHeader;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.EthernetHeader;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.LinuxCookedHeader;
import io.netzer.dissect.LoopbackHeader;
import io.netzer.dissect.Packet;
import io.netzer.dissect.PppHeader;
import io.netzer.dissect.PppoeSession;
import io.netzer.dissect.VlanTag;
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
 * <p>The key reads only the link headers the dissector walks (Ethernet, VLAN tags, Linux cooked v1/v2, BSD
 * loopback, raw IP, PPP, Cisco HDLC, PPPoE, MPLS) and the two addresses, through flyweights held here: nothing
 * is allocated, nothing is counted (the worker that owns the packet counts its faults once).
 */
public final class WorkerShare {
    private static final int MPLS_LABEL_LENGTH = 4;
    private static final int MPLS_BOTTOM_OF_STACK = 0x100;
    private static final int IPV4_SOURCE_OFFSET = 12;
    private static final int IPV4_ADDRESSES_END = 20;
    private static final int IPV6_SOURCE_OFFSET = 8;
    private static final int IPV6_DESTINATION_OFFSET = 24;
    private static final int IPV6_ADDRESSES_END = 40;
    private static final long MIX_1 = 0xff51afd7ed558ccdL;
    private static final long MIX_2 = 0xc4ceb9fe1a85ec53L;

    private final int index;
    private final int count;
    private final EthernetHeader ethernet = new EthernetHeader();
    private final VlanTag vlanTag = new VlanTag();
    private final LinuxCookedHeader cooked = new LinuxCookedHeader();
    private final LoopbackHeader loopback = new LoopbackHeader();
    private final PppHeader ppp = new PppHeader();
    private final CiscoHdlcHeader ciscoHdlc = new CiscoHdlcHeader();
    private final PppoeSession pppoe = new PppoeSession();
    private int etherType;

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
        long position = link(packet.linkType(), segment, start, end);
        if (position < 0) {
            return 0;
        }
        while (VlanTag.isTagType(etherType)) {
            if (vlanTag.wrap(segment, position, (int) (end - position)) < 0) {
                return 0;
            }
            etherType = vlanTag.etherType();
            position += VlanTag.LENGTH;
        }
        if (etherType == PppoeSession.ETHERTYPE) {
            int length = pppoe.wrap(segment, position, (int) (end - position));
            if (length < 0) {
                return 0;
            }
            etherType = PppHeader.etherTypeOf(pppoe.protocol());
            position += length;
        }
        if (etherType == EtherTypes.MPLS_UNICAST || etherType == EtherTypes.MPLS_MULTICAST) {
            position = mplsLabels(segment, position, end);
            if (position < 0) {
                return 0;
            }
        }
        return addressPair(segment, position, end);
    }

    /** The offset after the link header, with {@link #etherType} set to what it carries; -1 when cut short. */
    private long link(int linkType, MemorySegment segment, long position, long end) {
        int available = (int) (end - position);
        int length;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                length = ethernet.wrap(segment, position, available);
                etherType = length < 0 ? -1 : ethernet.etherType();
            }
            case LinkType.LINUX_SLL, LinkType.LINUX_SLL2 -> {
                length = cooked.wrap(segment, position, available, linkType == LinkType.LINUX_SLL2);
                etherType = length < 0 ? -1 : cooked.protocol();
            }
            case LinkType.NULL -> {
                length = loopback.wrap(segment, position, available);
                etherType = length < 0 ? -1 : loopback.etherType();
            }
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, LinkType.IPV4, LinkType.IPV6 -> {
                length = 0;
                etherType = Dissector.etherTypeOfIpVersion(segment, position, end);
            }
            case LinkType.PPP, LinkType.PPP_HDLC -> {
                if (linkType == LinkType.PPP_HDLC && CiscoHdlcHeader.startsWithAddress(segment, position, end)) {
                    length = ciscoHdlc.wrap(segment, position, available);
                    etherType = length < 0 ? -1 : ciscoHdlc.protocol();
                } else {
                    length = ppp.wrap(segment, position, available);
                    etherType = length < 0 ? -1 : ppp.etherType();
                }
            }
            case LinkType.C_HDLC -> {
                length = ciscoHdlc.wrap(segment, position, available);
                etherType = length < 0 ? -1 : ciscoHdlc.protocol();
            }
            default -> length = -1;
        }
        return length < 0 ? -1 : position + length;
    }

    /**
     * Past an MPLS label stack (RFC 3032), with the IP version nibble after it as the EtherType; -1 when cut or
     * deeper than the dissector walks (the packet then goes to worker 0, which counts the fault).
     */
    private long mplsLabels(MemorySegment segment, long position, long end) {
        long at = position;
        for (int labels = 0; labels < Dissector.MAX_MPLS_LABELS && end - at >= MPLS_LABEL_LENGTH; labels++) {
            boolean bottom = (Wire.u32(segment, at) & MPLS_BOTTOM_OF_STACK) != 0;
            at += MPLS_LABEL_LENGTH;
            if (bottom) {
                etherType = Dissector.etherTypeOfIpVersion(segment, at, end);
                return at;
            }
        }
        return -1;
    }

    /**
     * The hash of the IP header's two addresses at {@code position}, the same whichever is the source: each
     * address is mixed alone and the two are added, then mixed again; 0 when {@link #etherType} is not IP or the
     * addresses are cut short.
     */
    private long addressPair(MemorySegment segment, long position, long end) {
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
