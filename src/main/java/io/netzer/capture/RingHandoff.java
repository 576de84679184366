package io.netzer.capture;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The meeting point of a ring's capture thread and its worker: the SPSC queue of ready block indexes, the wake-up
 * of a parked worker, the stop flag and the capture thread's failure.
 *
 * <p>The worker spins briefly on an empty queue, then announces itself in {@code parkedWorker} and parks; the
 * capture thread wakes it only when it is announced, so that a busy pipeline pays no unpark per block. Both sides
 * put a full fence between their write and their read of the other's state (Dekker), so that a block handed over
 * just as the worker parks is never left waiting for the park timeout.
 *
 * <p>The other way round, when the worker holds every block of the ring the capture thread parks, announced in
 * {@code waitingCapture}, until the worker gives one back (the same handshake), rather than polling for it.
 */
final class RingHandoff {
    private static final int SPINS = 200;

    private final SpscQueue queue;
    private volatile Thread parkedWorker;
    private volatile Thread waitingCapture;
    private volatile boolean stopped;
    private volatile boolean drainRequested;
    private volatile IOException drainCause;
    private volatile IOException failure;

    RingHandoff(int capacity) {
        queue = new SpscQueue(capacity);
    }

    /** Capture thread: hands {@code block} over; false when the queue is full. */
    boolean handOver(int block) {
        if (!queue.offer(block)) {
            return false;
        }
        VarHandle.fullFence();
        Thread worker = parkedWorker;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
        return true;
    }

    /** Blocks waiting in the queue, as the capture thread sees them. */
    int queued() {
        return queue.size();
    }

    /**
     * Worker: the next block index, waiting up to {@code timeoutNanos}; {@link SpscQueue#EMPTY} when none came,
     * or when the source was stopped.
     *
     * @throws IOException the capture thread's failure, once every block it handed over has been taken
     */
    int take(long timeoutNanos) throws IOException {
        for (int i = 0; i < SPINS; i++) {
            int block = queue.poll();
            if (block != SpscQueue.EMPTY) {
                return block;
            }
            Thread.onSpinWait();
        }
        long deadline = System.nanoTime() + timeoutNanos;
        Thread self = Thread.currentThread();
        try {
            while (!stopped) {
                parkedWorker = self;
                VarHandle.fullFence();
                int block = queue.poll();
                if (block != SpscQueue.EMPTY) {
                    return block;
                }
                IOException fault = failure;
                if (fault != null) {
                    throw fault;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return SpscQueue.EMPTY;
                }
                LockSupport.parkNanos(this, left);
            }
            return SpscQueue.EMPTY;
        } finally {
            parkedWorker = null;
        }
    }

    /** Worker: it has given a block back to the kernel; wakes the capture thread if it waits for that. */
    void blockReturned() {
        VarHandle.fullFence();
        Thread capture = waitingCapture;
        if (capture != null) {
            LockSupport.unpark(capture);
        }
    }

    /**
     * Capture thread: waits until the worker has returned {@code target} blocks in all (as {@code counters}
     * count them), the timeout passes, or the source is stopped.
     */
    void awaitReturned(RingCounters counters, long target, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        waitingCapture = Thread.currentThread();
        try {
            while (!stopped) {
                VarHandle.fullFence();
                long left = deadline - System.nanoTime();
                if (counters.blocksReturned >= target || left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waitingCapture = null;
        }
    }

    /** Any thread: asks both sides to stop, and wakes the worker so that it sees it at once. */
    void stop() {
        stopped = true;
        Thread worker = parkedWorker;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
        Thread capture = waitingCapture;
        if (capture != null) {
            LockSupport.unpark(capture);
        }
    }

    boolean isStopped() {
        return stopped;
    }

    /**
     * Any thread: asks the worker to read every packet the kernel has put in the ring so far, then to end (see
     * {@link RingBlockReader}); the capture thread goes on handing blocks over until then. {@code cause}, when not
     * null, is what the worker throws once the ring is drained (the interface went away); the first request
     * decides.
     */
    void requestDrain(IOException cause) {
        if (cause != null && !drainRequested) {
            drainCause = cause;
        }
        drainRequested = true;
        Thread worker = parkedWorker;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    boolean isDrainRequested() {
        return drainRequested;
    }

    /** Why the drain was asked for, or null for a requested stop. */
    IOException drainCause() {
        return drainCause;
    }

    /** Capture thread: records why it ended; the worker throws it after the blocks already handed over. */
    void fail(IOException fault) {
        failure = fault;
        Thread worker = parkedWorker;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }
}
