package io.netzer.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses that sent or received the most bytes, by the Space-Saving algorithm (Metwally, Agrawal, El Abbadi,
 * "Efficient Computation of Frequent and Top-k Elements in Data Streams", ICDT 2005): a fixed number of slots;
 * an address not tracked when the slots are full takes over the slot with the fewest bytes and inherits its count
 * as its possible overestimate ({@code error}). Any address with more than {@code total / slots} bytes is
 * guaranteed to be tracked. One writer (the worker); no allocation per packet: slots are parallel arrays and an
 * open-addressing index finds an address's slot.
 *
 * <p>Addresses are 128 bits: IPv6 as is, IPv4 as the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d}.
 */
public final class TopTalkers {
    private static final long IPV4_MAPPED_HIGH = 0L;
    private static final long IPV4_MAPPED_PREFIX = 0xffffL << 32;

    private final int slots;
    private final long[] high;
    private final long[] low;
    private final long[] bytes;
    private final long[] packets;
    private final long[] error;
    private final int[] index;
    private final int mask;
    private int used;

    /** A summary of {@code slots} addresses. */
    public TopTalkers(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots: " + slots + " (expected at least 1)");
        }
        this.slots = slots;
        high = new long[slots];
        low = new long[slots];
        bytes = new long[slots];
        packets = new long[slots];
        error = new long[slots];
        index = new int[Integer.highestOneBit(slots * 4 - 1) << 1];
        mask = index.length - 1;
    }

    /** Counts {@code length} bytes for the IPv4 address {@code address} (as an unsigned 32-bit value). */
    public void addIpv4(int address, long length) {
        add(IPV4_MAPPED_HIGH, IPV4_MAPPED_PREFIX | (address & 0xffffffffL), length);
    }

    /** Counts {@code length} bytes for the IPv6 address whose big-endian halves are {@code high} and {@code low}. */
    public void add(long addressHigh, long addressLow, long length) {
        int at = find(addressHigh, addressLow);
        if (at >= 0) {
            bytes[at] += length;
            packets[at]++;
            return;
        }
        if (used < slots) {
            at = used++;
            error[at] = 0;
            bytes[at] = length;
        } else {
            at = smallest();
            unindex(high[at], low[at]);
            error[at] = bytes[at];
            bytes[at] += length;
        }
        high[at] = addressHigh;
        low[at] = addressLow;
        packets[at] = 1;
        insert(addressHigh, addressLow, at);
    }

    private int smallest() {
        int min = 0;
        for (int i = 1; i < slots; i++) {
            if (bytes[i] < bytes[min]) {
                min = i;
            }
        }
        return min;
    }

    private static int hash(long h, long l) {
        long x = h * 0x9E3779B97F4A7C15L ^ l;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return (int) x;
    }

    private int find(long h, long l) {
        for (int i = hash(h, l) & mask; ; i = (i + 1) & mask) {
            int entry = index[i];
            if (entry == 0) {
                return -1;
            }
            if (high[entry - 1] == h && low[entry - 1] == l) {
                return entry - 1;
            }
        }
    }

    private void insert(long h, long l, int slot) {
        int i = hash(h, l) & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Removes an address from the index, shifting later entries of its probe run back (no tombstones). */
    private void unindex(long h, long l) {
        int i = hash(h, l) & mask;
        while (index[i] == 0 || high[index[i] - 1] != h || low[index[i] - 1] != l) {
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int entry = index[j];
            int home = hash(high[entry - 1], low[entry - 1]) & mask;
            // the entry may fill the hole unless its home lies cyclically in (hole, j]
            boolean homeBetween = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!homeBetween) {
                index[hole] = entry;
                hole = j;
            }
        }
        index[hole] = 0;
    }

    /** A copy of the tracked addresses, most bytes first (the writer calls this; it allocates). */
    public Snapshot snapshot() {
        Integer[] order = new Integer[used];
        for (int i = 0; i < used; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(bytes[b], bytes[a]));
        List<Talker> list = new ArrayList<>(used);
        for (int i : order) {
            list.add(new Talker(high[i], low[i], bytes[i], packets[i], error[i]));
        }
        return new Snapshot(List.copyOf(list));
    }

    /**
     * One tracked address.
     *
     * @param high    the address's first 64 bits
     * @param low     the address's last 64 bits
     * @param bytes   bytes counted (an overestimate by at most {@code error})
     * @param packets packets counted since the address took its slot
     * @param error   the count it inherited when it took over the slot
     */
    public record Talker(long high, long low, long bytes, long packets, long error) {
        /** The address as text: dotted quad for IPv4, RFC 5952 for IPv6. */
        public String address() {
            byte[] raw = new byte[16];
            for (int i = 0; i < 8; i++) {
                raw[i] = (byte) (high >>> (56 - 8 * i));
                raw[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
            return Ipv6Text.address(raw);
        }
    }

    /** The tracked addresses at one moment, most bytes first. */
    public record Snapshot(List<Talker> talkers) {
        /** Nothing tracked. */
        public static final Snapshot EMPTY = new Snapshot(List.of());
    }
}
