package io.netzer.stats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Liveness: stalled only when the counter stands still while work waits, for the whole timeout. */
class ProgressWatchTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldReportAStallOnlyAfterTheTimeoutWithWorkWaiting() {
        ProgressWatch watch = new ProgressWatch(10 * SECOND);
        assertFalse(watch.update(0, 5, true));
        assertFalse(watch.update(9 * SECOND, 5, true));
        assertTrue(watch.update(10 * SECOND, 5, true));
        assertFalse(watch.update(11 * SECOND, 6, true), "it advanced again");
    }

    @Test
    void shouldNeverCallAnIdleThreadStalled() {
        ProgressWatch watch = new ProgressWatch(SECOND);
        assertFalse(watch.update(0, 5, false));
        assertFalse(watch.update(100 * SECOND, 5, false));
        assertFalse(watch.update(100 * SECOND + 1, 5, true), "waiting starts the clock");
        assertTrue(watch.update(102 * SECOND, 5, true));
    }
}
