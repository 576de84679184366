package io.netzer.capture;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpscQueueTest {

    @Test
    void shouldRoundTheCapacityUpToAPowerOfTwo() {
        assertEquals(64, new SpscQueue(64).capacity());
        assertEquals(128, new SpscQueue(65).capacity());
        assertEquals(1, new SpscQueue(1).capacity());
        assertThrows(IllegalArgumentException.class, () -> new SpscQueue(0));
    }

    @Test
    void shouldRefuseWhenFullAndReturnEmptyWhenEmpty() {
        SpscQueue queue = new SpscQueue(4);
        assertEquals(SpscQueue.EMPTY, queue.poll());
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(i));
        }
        assertFalse(queue.offer(4));
        assertEquals(4, queue.size());
        assertEquals(0, queue.poll());
        assertTrue(queue.offer(4));
        for (int i = 1; i <= 4; i++) {
            assertEquals(i, queue.poll());
        }
        assertEquals(SpscQueue.EMPTY, queue.poll());
        assertEquals(0, queue.size());
    }

    @Test
    void shouldPassMillionsOfItemsBetweenTwoThreadsInOrderWithoutLoss() throws Exception {
        int items = 5_000_000;
        SpscQueue queue = new SpscQueue(256); // small, so that both the full and the empty paths run often
        AtomicReference<String> failure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            int expected = 0;
            while (expected < items) {
                int value = queue.poll();
                if (value == SpscQueue.EMPTY) {
                    Thread.onSpinWait();
                } else if (value != expected) {
                    failure.set("expected " + expected + " but got " + value);
                    return;
                } else {
                    expected++;
                }
            }
            if (queue.poll() != SpscQueue.EMPTY) {
                failure.set("an item beyond the last one");
            }
        }, "spsc-consumer");
        consumer.start();
        for (int i = 0; i < items; i++) {
            while (!queue.offer(i)) {
                Thread.onSpinWait();
            }
        }
        consumer.join(120_000);
        assertFalse(consumer.isAlive(), "the consumer did not finish");
        assertNull(failure.get());
    }
}
