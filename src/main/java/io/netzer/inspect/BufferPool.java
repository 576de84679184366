package io.netzer.inspect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Fixed-size byte buffers named by small integers, handed out and taken back without allocation once warm:
 * a buffer is created the first time the pool must grow, and at most {@code maxBuffers} ever exist. Each buffer
 * in use remembers its holder and when it last made progress (packet time), so that the owner of the pool can
 * choose one to take back when the pool is empty. Single thread (one pool per worker).
 *
 * <p>The buffers are native memory, as the ring's and a pcap file's windows are, so the app parsers, which read
 * both a message where it lies and one joined here, see one class of segment: with heap buffers beside native
 * packets their reads were compiled for two and recompiled when the second reached code compiled for the first
 * (class_check and profile_predicate traps). Freed with the pool, when it is no longer reachable.
 */
final class BufferPool {
    /** {@link #holder} of a buffer that is free or not created yet. */
    static final int FREE = -1;

    private final Arena arena = Arena.ofAuto();
    private final int bufferSize;
    private final MemorySegment[] segments;
    private final int[] free;
    private final int[] holder;
    private final long[] progress;
    private int freeCount;
    private int created;

    /**
     * A pool.
     *
     * @param bufferSize bytes per buffer
     * @param maxBuffers most buffers ever created
     */
    BufferPool(int bufferSize, int maxBuffers) {
        this.bufferSize = bufferSize;
        this.segments = new MemorySegment[maxBuffers];
        this.free = new int[maxBuffers];
        this.holder = new int[maxBuffers];
        this.progress = new long[maxBuffers];
        Arrays.fill(holder, FREE);
    }

    /**
     * A buffer for {@code owner}, or -1 when all {@code maxBuffers} are in use.
     *
     * @param owner whoever holds it (the inspector's stream direction), reported by {@link #holder}
     * @param now   packet time of the acquisition, its first progress
     */
    int acquire(int owner, long now) {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else if (created == segments.length) {
            return -1;
        } else {
            id = created++;
            segments[id] = arena.allocate(bufferSize, Long.BYTES);
        }
        holder[id] = owner;
        progress[id] = now;
        return id;
    }

    /** The holder of buffer {@code id} added bytes at packet time {@code now}. */
    void progressed(int id, long now) {
        progress[id] = now;
    }

    /** Gives a buffer back. */
    void release(int id) {
        holder[id] = FREE;
        free[freeCount++] = id;
    }

    /**
     * The buffer held longest without progress among those whose holder passes {@code holders}, or -1 when
     * none does. A walk over the pool: meant for the moment it is empty, not for every packet.
     */
    int longestIdle(IntPredicate holders) {
        int found = -1;
        for (int id = 0; id < created; id++) {
            if (holder[id] != FREE && holders.test(holder[id]) && (found < 0 || progress[id] < progress[found])) {
                found = id;
            }
        }
        return found;
    }

    /** Who holds buffer {@code id}, or {@link #FREE}; ids run from 0 below {@link #created()}. */
    int holder(int id) {
        return holder[id];
    }

    /** Packet time at which the holder of buffer {@code id} last added bytes. */
    long lastProgress(int id) {
        return progress[id];
    }

    /** Buffers created so far: every id below is free or held. */
    int created() {
        return created;
    }

    MemorySegment segment(int id) {
        return segments[id];
    }

    int bufferSize() {
        return bufferSize;
    }

    /** Buffers handed out and not given back. */
    int inUse() {
        return created - freeCount;
    }
}
