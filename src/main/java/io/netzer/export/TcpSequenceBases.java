package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.TcpHeader;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * tcpdump's relative TCP sequence numbers (its default; {@code -S} turns them off), as print-tcp.c keeps them: a
 * conversation is keyed by both addresses and ports in one order for both directions (the lower port first; on
 * equal ports the lower address first); the first packet with ACK set (and any later SYN with ACK) records
 * its sequence number and its acknowledgment minus one as the bases of its two directions and prints absolute
 * numbers; later packets with ACK set print their numbers minus the bases, modulo 2^32. Packets without ACK print
 * absolute numbers and record nothing.
 *
 * <p>tcpdump's table grows without bound; this one holds {@link #CAPACITY} conversations in flat arrays allocated
 * once (about 3 MiB), probed linearly: when a probe finds neither the conversation nor a free slot within
 * {@link #MAX_PROBES}, the conversation takes its home slot, and the one it displaced starts again from its next
 * packet (printed absolute once). Nothing is allocated per packet.
 */
final class TcpSequenceBases {
    static final int CAPACITY = 1 << 16;
    static final int MAX_PROBES = 16;
    private static final long MASK32 = 0xffff_ffffL;

    private final long[] lowHigh = new long[CAPACITY];
    private final long[] lowLow = new long[CAPACITY];
    private final long[] highHigh = new long[CAPACITY];
    private final long[] highLow = new long[CAPACITY];
    private final int[] ports = new int[CAPACITY];
    private final boolean[] used = new boolean[CAPACITY];
    private final long[] sequenceBase = new long[CAPACITY];
    private final long[] acknowledgmentBase = new long[CAPACITY];
    private long sequence;
    private long acknowledgment;

    /**
     * Works out the numbers to print for the packet's TCP header (read them with {@link #sequence()} and
     * {@link #acknowledgment()}).
     */
    void apply(Dissector d) {
        TcpHeader tcp = d.tcp();
        sequence = tcp.sequenceNumber();
        acknowledgment = tcp.acknowledgmentNumber();
        if ((tcp.flags() & TcpHeader.ACK) == 0) {
            return;
        }
        long sourceHigh;
        long sourceLow;
        long destinationHigh;
        long destinationLow;
        if (d.has(Dissector.IPV4)) {
            sourceHigh = 0;
            destinationHigh = 0;
            sourceLow = Integer.toUnsignedLong(d.ipv4().sourceAddress());
            destinationLow = Integer.toUnsignedLong(d.ipv4().destinationAddress());
        } else if (d.has(Dissector.IPV6)) {
            MemorySegment segment = d.ipv6().segment();
            long source = d.ipv6().sourceAddressOffset();
            long destination = d.ipv6().destinationAddressOffset();
            sourceHigh = Wire.i64(segment, source);
            sourceLow = Wire.i64(segment, source + Long.BYTES);
            destinationHigh = Wire.i64(segment, destination);
            destinationLow = Wire.i64(segment, destination + Long.BYTES);
        } else {
            return;
        }
        int sourcePort = tcp.sourcePort();
        int destinationPort = tcp.destinationPort();
        int addressOrder = Long.compareUnsigned(sourceHigh, destinationHigh) != 0
                ? Long.compareUnsigned(sourceHigh, destinationHigh) : Long.compareUnsigned(sourceLow, destinationLow);
        boolean reversed = sourcePort > destinationPort || sourcePort == destinationPort && addressOrder > 0;
        long keyLowHigh = reversed ? destinationHigh : sourceHigh;
        long keyLowLow = reversed ? destinationLow : sourceLow;
        long keyHighHigh = reversed ? sourceHigh : destinationHigh;
        long keyHighLow = reversed ? sourceLow : destinationLow;
        int keyPorts = reversed ? destinationPort << 16 | sourcePort : sourcePort << 16 | destinationPort;
        int home = hash(keyLowHigh, keyLowLow, keyHighHigh, keyHighLow, keyPorts);
        int slot = -1;
        int free = -1;
        for (int probe = 0; probe < MAX_PROBES; probe++) {
            int at = (home + probe) & (CAPACITY - 1);
            if (!used[at]) {
                free = at;
                break;
            }
            if (ports[at] == keyPorts && lowHigh[at] == keyLowHigh && lowLow[at] == keyLowLow
                    && highHigh[at] == keyHighHigh && highLow[at] == keyHighLow) {
                slot = at;
                break;
            }
        }
        if (slot >= 0 && (tcp.flags() & TcpHeader.SYN) == 0) {
            long ownBase = reversed ? acknowledgmentBase[slot] : sequenceBase[slot];
            long peerBase = reversed ? sequenceBase[slot] : acknowledgmentBase[slot];
            sequence = (sequence - ownBase) & MASK32;
            acknowledgment = (acknowledgment - peerBase) & MASK32;
            return;
        }
        int at = slot >= 0 ? slot : free >= 0 ? free : home;
        used[at] = true;
        lowHigh[at] = keyLowHigh;
        lowLow[at] = keyLowLow;
        highHigh[at] = keyHighHigh;
        highLow[at] = keyHighLow;
        ports[at] = keyPorts;
        sequenceBase[at] = reversed ? (acknowledgment - 1) & MASK32 : sequence;
        acknowledgmentBase[at] = reversed ? sequence : (acknowledgment - 1) & MASK32;
    }

    /** The sequence number to print. */
    long sequence() {
        return sequence;
    }

    /** The acknowledgment number to print. */
    long acknowledgment() {
        return acknowledgment;
    }

    private static int hash(long a, long b, long c, long d, int ports) {
        long h = a * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ b) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ c) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ d) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ ports) * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40);
    }
}
