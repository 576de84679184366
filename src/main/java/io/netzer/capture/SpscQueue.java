package io.netzer.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer queue of ints (ring block indexes), lock-free on VarHandles.
 *
 * <p>The producer writes the slot, then publishes it with a release store of {@code tail}; the consumer reads
 * {@code tail} with acquire, reads the slot, then frees it with a release store of {@code head}. Each side keeps a
 * cached copy of the other's index and rereads it only when the cache says full (producer) or empty (consumer), so
 * the two cores share a cache line only when they must. Padding keeps {@code head} and {@code tail} on separate
 * cache lines. Exactly one thread may call {@link #offer} and exactly one {@link #poll}.
 */
public final class SpscQueue extends SpscQueueTail {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SpscQueueHead.class, "head", long.class);
            TAIL = lookup.findVarHandle(SpscQueueTail.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Returned by {@link #poll()} when the queue is empty. */
    public static final int EMPTY = -1;

    private final int[] slots;
    private final int mask;

    /**
     * A queue of at least {@code capacity} slots (rounded up to a power of two).
     *
     * @throws IllegalArgumentException when the capacity is not between 1 and 2^30
     */
    public SpscQueue(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("queue capacity: " + capacity + " (expected 1 to 2^30)");
        }
        int size = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
        slots = new int[size];
        mask = size - 1;
    }

    /** The number of slots. */
    public int capacity() {
        return slots.length;
    }

    /**
     * Producer only: appends {@code value} (any int but {@link #EMPTY} is fine, as no sentinel is stored).
     *
     * @return false when the queue is full; nothing is then appended
     */
    public boolean offer(int value) {
        long t = tail;
        if (t - headCache >= slots.length) {
            headCache = (long) HEAD.getAcquire(this);
            if (t - headCache >= slots.length) {
                return false;
            }
        }
        slots[(int) t & mask] = value;
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Consumer only: removes and returns the oldest value, or {@link #EMPTY} when there is none. */
    public int poll() {
        long h = head;
        if (h >= tailCache) {
            tailCache = (long) TAIL.getAcquire(this);
            if (h >= tailCache) {
                return EMPTY;
            }
        }
        int value = slots[(int) h & mask];
        HEAD.setRelease(this, h + 1);
        return value;
    }

    /** Values in the queue as either side last saw them; exact from the producer, a lower bound from others. */
    public int size() {
        return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
    }
}

/** Padding before the consumer's fields, so that nothing shares their cache line. */
abstract class SpscQueuePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The consumer's index and its cache of the producer's. */
abstract class SpscQueueHead extends SpscQueuePad0 {
    long head;
    long tailCache;
}

/** Padding between the consumer's and the producer's fields. */
abstract class SpscQueuePad1 extends SpscQueueHead {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The producer's index and its cache of the consumer's, padded after. */
abstract class SpscQueueTail extends SpscQueuePad1 {
    long tail;
    long headCache;
    long p20, p21, p22, p23, p24, p25, p26, p27;
}
