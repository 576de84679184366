package io.netzer.stats;

/**
 * Tells whether a thread stopped advancing while work waits for it (liveness): fed once a second with the thread's
 * progress counter and whether work is waiting; stalled once the counter has not moved for {@code timeoutNanos}
 * while work waited the whole time. An idle thread (nothing waiting) is never stalled.
 */
public final class ProgressWatch {
    private final long timeoutNanos;
    private long lastProgress = Long.MIN_VALUE;
    private long stuckSince;
    private boolean stalled;

    /** A watch that reports a stall after {@code timeoutNanos} without progress. */
    public ProgressWatch(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Records a sample.
     *
     * @param nowNanos    {@link System#nanoTime()}
     * @param progress    a counter the thread advances as it works
     * @param workWaiting whether work is waiting for the thread
     * @return whether the thread is stalled
     */
    public synchronized boolean update(long nowNanos, long progress, boolean workWaiting) {
        if (progress != lastProgress || !workWaiting) {
            lastProgress = progress;
            stuckSince = nowNanos;
            stalled = false;
        } else {
            stalled = nowNanos - stuckSince >= timeoutNanos;
        }
        return stalled;
    }

    /** The result of the last {@link #update}. */
    public synchronized boolean stalled() {
        return stalled;
    }
}
