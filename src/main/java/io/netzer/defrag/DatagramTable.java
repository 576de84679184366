package io.netzer.defrag;

import java.util.Arrays;

/**
 * The datagrams in progress of one worker, by key (addresses, identification, protocol, version, outer VLAN):
 * a fixed number of slots allocated up front, a chained hash index over int arrays, and a list in the order the
 * datagrams began, so the oldest is found at once for the timeout and for eviction at a cap. Nothing here
 * allocates after construction.
 */
final class DatagramTable {
    /** No slot. */
    static final int NONE = -1;
    /** Address words per side: an IPv6 address; an IPv4 address uses the first. */
    static final int ADDRESS_WORDS = 4;
    private static final int KEY_WORDS = 2 * ADDRESS_WORDS;

    private final int[] addresses;
    private final long[] identities;
    private final long[] started;
    private final int[] buckets;
    private final int[] chain;
    private final int[] bucketOf;
    private final int[] older;
    private final int[] newer;
    private final int[] free;
    private final int mask;
    private final int[] probe = new int[KEY_WORDS];
    private long probeIdentity;
    private int probeBucket;
    private int freeCount;
    private int oldest = NONE;
    private int newest = NONE;
    private int size;

    /** A table of {@code capacity} slots. */
    DatagramTable(int capacity) {
        addresses = new int[capacity * KEY_WORDS];
        identities = new long[capacity];
        started = new long[capacity];
        chain = new int[capacity];
        bucketOf = new int[capacity];
        older = new int[capacity];
        newer = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        buckets = new int[Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2];
        Arrays.fill(buckets, NONE);
        mask = buckets.length - 1;
    }

    /** The address words of the key {@link #find} and {@link #insert} use next; the caller fills them. */
    int[] probe() {
        return probe;
    }

    /**
     * Completes the key whose addresses the caller wrote into {@link #probe()}.
     *
     * @param identification the IP identification (16 bits in IPv4, 32 in IPv6)
     * @param protocol       the IPv4 protocol (part of the IPv4 key, RFC 791), 0 for IPv6
     * @param version6       whether the datagram is IPv6
     * @param vlan           the outer VLAN id, or -1 without a tag
     */
    void key(long identification, int protocol, boolean version6, int vlan) {
        probeIdentity = identification | (long) protocol << 32 | (version6 ? 1L : 0L) << 40 | (long) (vlan + 1) << 41;
        int hash = Long.hashCode(probeIdentity * 0x9E3779B97F4A7C15L);
        for (int word : probe) {
            hash = hash * 31 + word;
        }
        probeBucket = (hash ^ hash >>> 16) & mask;
    }

    /** The slot of the key set by {@link #key}, or {@link #NONE}. */
    int find() {
        for (int slot = buckets[probeBucket]; slot != NONE; slot = chain[slot]) {
            if (identities[slot] == probeIdentity && Arrays.equals(addresses, slot * KEY_WORDS,
                    (slot + 1) * KEY_WORDS, probe, 0, KEY_WORDS)) {
                return slot;
            }
        }
        return NONE;
    }

    /** Whether every slot is taken. */
    boolean isFull() {
        return freeCount == 0;
    }

    /** Adds the key set by {@link #key} as the newest datagram, begun at {@code now}; the table is not full. */
    int insert(long now) {
        int slot = free[--freeCount];
        System.arraycopy(probe, 0, addresses, slot * KEY_WORDS, KEY_WORDS);
        identities[slot] = probeIdentity;
        started[slot] = now;
        chain[slot] = buckets[probeBucket];
        bucketOf[slot] = probeBucket;
        buckets[probeBucket] = slot;
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest == NONE) {
            oldest = slot;
        } else {
            newer[newest] = slot;
        }
        newest = slot;
        size++;
        return slot;
    }

    /** Removes a datagram's key; its slot is free again. */
    void remove(int slot) {
        int bucket = bucketOf[slot];
        if (buckets[bucket] == slot) {
            buckets[bucket] = chain[slot];
        } else {
            int before = buckets[bucket];
            while (chain[before] != slot) {
                before = chain[before];
            }
            chain[before] = chain[slot];
        }
        if (older[slot] == NONE) {
            oldest = newer[slot];
        } else {
            newer[older[slot]] = newer[slot];
        }
        if (newer[slot] == NONE) {
            newest = older[slot];
        } else {
            older[newer[slot]] = older[slot];
        }
        free[freeCount++] = slot;
        size--;
    }

    /** The datagram begun longest ago, or {@link #NONE}. */
    int oldest() {
        return oldest;
    }

    /** When a datagram's first fragment was seen, nanoseconds of packet time. */
    long started(int slot) {
        return started[slot];
    }

    /** Datagrams in progress. */
    int size() {
        return size;
    }
}
