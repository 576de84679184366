package io.netzer.defrag;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.Ipv4Header;
import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Packet;
import io.netzer.dissect.Wire;
import io.netzer.flow.PagePool;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200 section 4.5) defragmentation for one worker, before its flow stage: a
 * fragment is held until its datagram is whole, which is then handed on as one packet, with the time of the
 * fragment that completed it, dissected by this defragmenter's own {@link Dissector}.
 *
 * <p>The policies are those of Suricata and Zeek: overlapping bytes are kept as first received ("first data
 * wins", also what defeats the overlap attacks of RFC 1858 on the transport header) and an overlap by different
 * bytes is counted; a datagram may take the timeout from its first fragment to its last, by packet time, so a
 * file replays as live; caps on memory and on datagrams in progress give up the oldest datagrams to make room, so
 * a flood of fragments that never complete keeps memory flat. A first fragment too short for its transport header
 * is counted and reassembled like any other; an IPv6 atomic fragment (offset 0, no more to follow, RFC 6946) is a
 * whole datagram and passes as it is. Every datagram given up is counted by {@link DropReason}; one given up for
 * its own fault (too big, invalid, cut, too many pieces) keeps its key until the timeout, so its later fragments
 * are swallowed instead of counted again. Nothing is allocated per packet.
 */
public final class Defragmenter implements AutoCloseable {
    /** {@link #accept} result: not a fragment, use the packet as it is. */
    public static final int PASS = 0;
    /** {@link #accept} result: a fragment, held or given up; nothing to hand on now. */
    public static final int HELD = 1;
    /** {@link #accept} result: the fragment completed a datagram: use {@link #packet()} and {@link #dissector()}. */
    public static final int COMPLETE = 2;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int FRAGMENT_UNIT = 8;
    private static final int IPV4_FLAGS_OFFSET = Ipv4Header.FLAGS_FRAGMENT_OFFSET;
    private static final int DONT_FRAGMENT = 0x4000;
    private static final int MIN_TCP_HEADER = 20;
    private static final int MIN_UDP_OR_ICMP_HEADER = 8;
    private static final int FRAGMENTS = 0;
    private static final int DATAGRAMS = 1;
    private static final int HELD_NOW = 2;
    private static final int FIRST_REASON = 3;
    /** Link-layer and unfragmentable IP headers kept from a first fragment at most: one page. */
    private static final int MAX_HEADER = PagePool.PAGE_SIZE;

    private final long timeoutNanos;
    private final DatagramTable table;
    private final DatagramStore store;
    private final int[] end;
    private final int[] linkType;
    private final int[] ipOffset;
    private final int[] namedAt;
    private final int[] nextHeader;
    private final boolean[] version6;
    private final boolean[] dead;
    private final long[] dropped = new long[DropReason.values().length];
    private final MemorySegment assembled = MemorySegment.ofArray(new byte[MAX_HEADER + DatagramStore.MAX_DATAGRAM]);
    private final Packet whole = new Packet();
    private final Dissector dissector = new Dissector();
    private final AtomicLongArray published = new AtomicLongArray(FIRST_REASON + DropReason.values().length);
    private long clock = Long.MIN_VALUE;
    private long fragments;
    private long datagrams;
    private long overlapsDiffering;
    private long atomic;
    private long tiny;
    private int dataLength;
    // the fragment being handled, set by ipv4() or ipv6() for fragment()
    private int start;
    private int length;
    private boolean more;
    private long dataOffset;
    private int headerEnd;
    private int ipStart;
    private int ipHeaderBytes;
    private boolean cut;
    private boolean six;
    private int fragmentNamedAt;
    private int fragmentNextHeader;
    private int protocol;

    /** A defragmenter with {@code config}'s caps and timeout; its slot arrays are allocated now. */
    public Defragmenter(DefragConfig config) {
        int slots = config.maxDatagrams();
        timeoutNanos = config.timeoutNanos();
        table = new DatagramTable(slots);
        store = new DatagramStore(slots, config.memoryBytes());
        end = new int[slots];
        linkType = new int[slots];
        ipOffset = new int[slots];
        namedAt = new int[slots];
        nextHeader = new int[slots];
        version6 = new boolean[slots];
        dead = new boolean[slots];
    }


    /**
     * Takes one dissected packet: a fragment is held (and may complete its datagram), anything else passes.
     * Also ends the datagrams whose timeout passed by this packet's time.
     *
     * @return {@link #PASS}, {@link #HELD} or {@link #COMPLETE}
     */
    public int accept(Packet packet, Dissector layers) {
        advance(packet.timestampNanos());
        if (layers.has(Dissector.IPV4)) {
            Ipv4Header ip = layers.ipv4();
            if (ip.fragmentOffset() == 0 && !ip.moreFragments()) {
                return PASS;
            }
            fragments++;
            return ipv4(packet, layers, ip);
        }
        if (layers.has(Dissector.IPV6) && layers.ipv6().isFragment()) {
            Ipv6Header ip = layers.ipv6();
            if (ip.fragmentOffset() == 0 && !ip.moreFragments()) {
                atomic++;
                return PASS;
            }
            fragments++;
            return ipv6(packet, layers, ip);
        }
        return PASS;
    }

    /** The datagram completed by the last {@link #COMPLETE}; valid until the next call. */
    public Packet packet() {
        return whole;
    }

    /** Bytes of data {@link #packet()} carries after its IP headers (all fragments' data, without headers). */
    public int dataLength() {
        return dataLength;
    }

    /** The layers of {@link #packet()}. */
    public Dissector dissector() {
        return dissector;
    }

    /** Ends the datagrams whose timeout passed by {@code nowNanos} (packet time, or wall time when idle). */
    public void advance(long nowNanos) {
        if (nowNanos > clock) {
            clock = nowNanos;
        }
        for (int slot = table.oldest(); slot != DatagramTable.NONE && clock - table.started(slot) >= timeoutNanos;
                slot = table.oldest()) {
            giveUp(slot, DropReason.TIMEOUT, true);
        }
    }

    /** The capture ended: every datagram still in progress is given up ({@link DropReason#END_OF_CAPTURE}). */
    public void endOfCapture() {
        for (int slot = table.oldest(); slot != DatagramTable.NONE; slot = table.oldest()) {
            giveUp(slot, DropReason.END_OF_CAPTURE, true);
        }
    }

    private int ipv4(Packet packet, Dissector layers, Ipv4Header ip) {
        int header = ip.headerLength();
        int total = ip.totalLength();
        if (ip.status() != 0 || total < header) {
            // Cut options or a total length that contradicts the header: not even the key can be trusted.
            dropped[DropReason.INVALID.ordinal()]++;
            return HELD;
        }
        int[] probe = table.probe();
        Arrays.fill(probe, 0);
        probe[0] = ip.sourceAddress();
        probe[DatagramTable.ADDRESS_WORDS] = ip.destinationAddress();
        table.key(ip.identification(), ip.protocol(), false, vlan(layers));
        ipStart = (int) (ip.offset() - packet.offset());
        start = ip.fragmentOffset() * FRAGMENT_UNIT;
        length = total - header;
        more = ip.moreFragments();
        dataOffset = ip.offset() + header;
        headerEnd = ipStart + header;
        ipHeaderBytes = header;
        cut = ip.payloadLength() < length;
        six = false;
        protocol = ip.protocol();
        return fragment(packet);
    }

    private int ipv6(Packet packet, Dissector layers, Ipv6Header ip) {
        int fragmentHeader = ip.fragmentHeaderOffset();
        int declared = ip.payloadLengthField();
        int data = fragmentHeader + FRAGMENT_UNIT;
        if (declared == 0 || Ipv6Header.HEADER_LENGTH + declared < data) {
            // A jumbogram cannot be fragmented (RFC 2675), and the fragment header must lie within the payload.
            dropped[DropReason.INVALID.ordinal()]++;
            return HELD;
        }
        MemorySegment segment = packet.segment();
        int[] probe = table.probe();
        for (int word = 0; word < DatagramTable.ADDRESS_WORDS; word++) {
            probe[word] = Wire.i32(segment, ip.sourceAddressOffset() + 4L * word);
            probe[DatagramTable.ADDRESS_WORDS + word] = Wire.i32(segment, ip.destinationAddressOffset() + 4L * word);
        }
        table.key(ip.fragmentIdentification(), 0, true, vlan(layers));
        ipStart = (int) (ip.offset() - packet.offset());
        start = ip.fragmentOffset() * FRAGMENT_UNIT;
        length = Ipv6Header.HEADER_LENGTH + declared - data;
        more = ip.moreFragments();
        dataOffset = ip.offset() + data;
        headerEnd = ipStart + fragmentHeader;
        ipHeaderBytes = fragmentHeader - Ipv6Header.HEADER_LENGTH;
        cut = packet.capturedLength() - (ipStart + data) < length;
        six = true;
        fragmentNamedAt = ip.fragmentNamedAt();
        fragmentNextHeader = Wire.u8(segment, ip.offset() + fragmentHeader);
        protocol = ip.upperProtocol();
        return fragment(packet);
    }

    /** Files the fragment described by the fields under the key set in the table. */
    private int fragment(Packet packet) {
        int slot = table.find();
        if (slot == DatagramTable.NONE) {
            if (table.isFull()) {
                giveUp(table.oldest(), DropReason.DATAGRAM_CAP, true);
            }
            slot = table.insert(clock);
            end[slot] = -1;
            dead[slot] = false;
            version6[slot] = six;
        }
        if (dead[slot]) {
            return HELD;
        }
        int stop = start + length;
        if (cut) {
            return fail(slot, DropReason.TRUNCATED);
        }
        if (more && (length == 0 || length % FRAGMENT_UNIT != 0)) {
            return fail(slot, DropReason.INVALID);
        }
        if (ipHeaderBytes + stop > DatagramStore.MAX_DATAGRAM) {
            return fail(slot, DropReason.TOO_BIG);
        }
        if (!more) {
            if (end[slot] >= 0 && end[slot] != stop || store.furthest(slot) > stop) {
                return fail(slot, DropReason.INVALID);
            }
            end[slot] = stop;
        } else if (end[slot] >= 0 && stop > end[slot]) {
            return fail(slot, DropReason.INVALID);
        }
        boolean first = start == 0 && !store.hasHeader(slot);
        if (first && headerEnd > MAX_HEADER) {
            return fail(slot, DropReason.INVALID);
        }
        if (!makeRoom(slot, store.pagesNeeded(slot, start, stop, first))) {
            return HELD;
        }
        if (first) {
            firstFragment(slot, packet);
        }
        int result = store.insert(slot, start, stop, packet.segment(), dataOffset);
        if (result == DatagramStore.TOO_MANY_RANGES) {
            return fail(slot, DropReason.TOO_MANY_FRAGMENTS);
        }
        if (result == DatagramStore.CONFLICT) {
            overlapsDiffering++;
        }
        if (end[slot] >= 0 && store.hasHeader(slot) && store.isWhole(slot, end[slot])) {
            return complete(slot, packet);
        }
        return HELD;
    }

    /** Keeps the headers of the fragment at offset 0, whose header the datagram will carry. */
    private void firstFragment(int slot, Packet packet) {
        store.storeHeader(slot, packet.segment(), packet.offset(), headerEnd);
        linkType[slot] = packet.linkType();
        ipOffset[slot] = ipStart;
        namedAt[slot] = fragmentNamedAt;
        nextHeader[slot] = fragmentNextHeader;
        if (more && length < minimumTransportHeader(protocol)) {
            tiny++;
        }
    }

    /** Frees pages for {@code needed} more, giving up the oldest datagrams; false when {@code slot} went too. */
    private boolean makeRoom(int slot, int needed) {
        while (!store.canAllocate(needed)) {
            int victim = table.oldest();
            giveUp(victim, DropReason.MEMORY, true);
            if (victim == slot) {
                return false;
            }
        }
        return true;
    }

    private int complete(int slot, Packet packet) {
        int header = store.headerLength(slot);
        int data = end[slot];
        int ip = ipOffset[slot];
        int ipLength = header - ip + data;
        int lengthField = version6[slot] ? ipLength - Ipv6Header.HEADER_LENGTH : ipLength;
        if (lengthField > DatagramStore.MAX_DATAGRAM) {
            return fail(slot, DropReason.TOO_BIG);
        }
        store.copyTo(slot, data, assembled);
        dataLength = data;
        if (version6[slot]) {
            assembled.set(U16, ip + Ipv6Header.PAYLOAD_LENGTH_OFFSET, (short) lengthField);
            assembled.set(ValueLayout.JAVA_BYTE, ip + namedAt[slot], (byte) nextHeader[slot]);
        } else {
            int flags = Wire.u16(assembled, ip + IPV4_FLAGS_OFFSET) & DONT_FRAGMENT;
            assembled.set(U16, ip + Ipv4Header.TOTAL_LENGTH_OFFSET, (short) lengthField);
            assembled.set(U16, ip + IPV4_FLAGS_OFFSET, (short) flags);
            assembled.set(U16, ip + Ipv4Header.CHECKSUM_OFFSET, (short) 0);
            assembled.set(U16, ip + Ipv4Header.CHECKSUM_OFFSET, (short) checksum(assembled, ip, header - ip));
        }
        whole.wrap(assembled, 0, header + data, header + data, packet.timestampNanos(), linkType[slot],
                packet.interfaceIndex(), packet.sequence());
        store.clear(slot);
        table.remove(slot);
        datagrams++;
        dissector.dissect(whole);
        return COMPLETE;
    }

    /** Gives up a datagram for its own fault: its key stays until the timeout, swallowing its later fragments. */
    private int fail(int slot, DropReason reason) {
        giveUp(slot, reason, false);
        return HELD;
    }

    /** Counts a datagram given up (once) and frees its pages; {@code remove} frees its key too. */
    private void giveUp(int slot, DropReason reason, boolean remove) {
        if (!dead[slot]) {
            dropped[reason.ordinal()]++;
        }
        store.clear(slot);
        if (remove) {
            table.remove(slot);
        } else {
            dead[slot] = true;
        }
    }

    private static int vlan(Dissector layers) {
        return layers.vlanCount() > 0 ? layers.vlanId(0) : -1;
    }

    private static int minimumTransportHeader(int protocol) {
        return switch (protocol) {
            case EtherTypes.PROTO_TCP -> MIN_TCP_HEADER;
            case EtherTypes.PROTO_UDP, EtherTypes.PROTO_ICMP, EtherTypes.PROTO_ICMPV6 -> MIN_UDP_OR_ICMP_HEADER;
            default -> 0;
        };
    }

    /** The IPv4 header checksum (RFC 1071) over {@code length} bytes at {@code offset}. */
    private static int checksum(MemorySegment segment, long offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += Wire.u16(segment, offset + i);
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) ~sum & 0xffff;
    }

    /** Publishes the counts other threads read (service mode's metrics): a few stores, nothing allocated. */
    public void publish() {
        published.setRelease(FRAGMENTS, fragments);
        published.setRelease(DATAGRAMS, datagrams);
        published.setRelease(HELD_NOW, table.size());
        for (int i = 0; i < dropped.length; i++) {
            published.setRelease(FIRST_REASON + i, dropped[i]);
        }
    }

    /** Fragments seen, as of the last {@link #publish()}; any thread. */
    public long publishedFragments() {
        return published.getAcquire(FRAGMENTS);
    }

    /** Datagrams reassembled, as of the last {@link #publish()}; any thread. */
    public long publishedDatagrams() {
        return published.getAcquire(DATAGRAMS);
    }

    /** Datagrams in progress, as of the last {@link #publish()}; any thread. */
    public long publishedHeld() {
        return published.getAcquire(HELD_NOW);
    }

    /** Datagrams given up for {@code reason}, as of the last {@link #publish()}; any thread. */
    public long publishedDropped(DropReason reason) {
        return published.getAcquire(FIRST_REASON + reason.ordinal());
    }

    /** Fragment bytes held now (whole pages); the worker's thread. */
    public long heldBytes() {
        return store.heldBytes();
    }

    /** What was counted so far; read on the worker's thread or after it finished. */
    public DefragStatistics statistics() {
        return new DefragStatistics(fragments, datagrams, dropped.clone(), overlapsDiffering, atomic, tiny,
                table.size(), store.peakBytes());
    }

    /** Releases the fragment memory. */
    @Override
    public void close() {
        store.close();
    }
}
