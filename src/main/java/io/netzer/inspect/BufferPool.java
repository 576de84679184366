package io.netzer.inspect;

import java.lang.foreign.MemorySegment;

/**
 * Fixed-size byte buffers named by small integers, handed out and taken back without allocation once warm:
 * a buffer is created the first time the pool must grow, and at most {@code maxBuffers} ever exist. Single
 * thread (one pool per worker).
 */
final class BufferPool {
    private final int bufferSize;
    private final byte[][] buffers;
    private final MemorySegment[] segments;
    private final int[] free;
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
        this.buffers = new byte[maxBuffers][];
        this.segments = new MemorySegment[maxBuffers];
        this.free = new int[maxBuffers];
    }

    /** A buffer's id, or -1 when all {@code maxBuffers} are in use. */
    int acquire() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (created == buffers.length) {
            return -1;
        }
        int id = created++;
        buffers[id] = new byte[bufferSize];
        segments[id] = MemorySegment.ofArray(buffers[id]);
        return id;
    }

    /** Gives a buffer back. */
    void release(int id) {
        free[freeCount++] = id;
    }

    byte[] bytes(int id) {
        return buffers[id];
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
