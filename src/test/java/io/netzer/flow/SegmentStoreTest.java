package io.netzer.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The store of out-of-order segments alone: bytes kept across page boundaries, comparison from any offset, the
 * cap of its pool, records and pages reused after a free, nothing allocated once warm.
 */
class SegmentStoreTest {
    private static final int PAGE = PagePool.PAGE_SIZE;

    private static MemorySegment bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return MemorySegment.ofArray(bytes);
    }

    private static byte[] read(SegmentStore store, int record) {
        byte[] out = new byte[store.length(record)];
        int position = 0;
        for (int page = store.firstPage(record); page != SegmentStore.NONE; page = store.nextPage(page)) {
            int count = Math.min(PAGE, out.length - position);
            MemorySegment.copy(store.pageSegment(page), ValueLayout.JAVA_BYTE, store.pageOffset(page), out,
                    position, count);
            position += count;
        }
        assertEquals(out.length, position, "the page chain holds the record's length");
        return out;
    }

    @Test
    void shouldKeepARecordOverSeveralPages() {
        MemorySegment source = bytes(2 * PAGE + 17, 1);
        try (SegmentStore store = new SegmentStore(16L * PAGE)) {
            int record = store.add(1000, source, 0, (int) source.byteSize(), SegmentStore.NONE);
            assertEquals(1000, store.seq(record));
            assertEquals(SegmentStore.NONE, store.next(record));
            assertEquals(3L * PAGE, store.heldBytes(), "2 pages and 17 bytes take 3 pages");
            assertEquals(-1, MemorySegment.mismatch(MemorySegment.ofArray(read(store, record)), 0,
                    source.byteSize(), source, 0, source.byteSize()));
        }
    }

    @Test
    void shouldCompareFromAnyOffsetAcrossPageBoundaries() {
        MemorySegment source = bytes(3 * PAGE, 7);
        try (SegmentStore store = new SegmentStore(16L * PAGE)) {
            int record = store.add(0, source, 0, 3 * PAGE, SegmentStore.NONE);
            assertTrue(store.sameBytes(record, PAGE - 10, source, PAGE - 10, PAGE + 20), "across two boundaries");
            assertTrue(store.sameBytes(record, 0, source, 0, 3 * PAGE));
            byte[] changed = source.toArray(ValueLayout.JAVA_BYTE);
            changed[2 * PAGE + 1]++;
            MemorySegment other = MemorySegment.ofArray(changed);
            assertFalse(store.sameBytes(record, PAGE, other, PAGE, 2 * PAGE), "a byte differs on the third page");
            assertTrue(store.sameBytes(record, PAGE, other, PAGE, PAGE + 1), "the differing byte is not compared");
        }
    }

    @Test
    void shouldRefuseWhatThePoolCannotHold() {
        try (SegmentStore store = new SegmentStore(2L * PAGE)) {
            assertTrue(store.canHold(2 * PAGE));
            assertFalse(store.canHold(2 * PAGE + 1));
            store.add(0, bytes(PAGE + 1, 0), 0, PAGE + 1, SegmentStore.NONE);
            assertFalse(store.canHold(1), "both pages are in use");
        }
    }

    @Test
    void shouldReuseRecordsAndPagesAfterAFree() {
        MemorySegment source = bytes(PAGE + 1, 3);
        try (SegmentStore store = new SegmentStore(4L * PAGE)) {
            int first = store.add(1, source, 0, PAGE + 1, SegmentStore.NONE);
            int second = store.add(2, source, 0, 10, first);
            assertEquals(first, store.next(second));
            assertEquals(2L * PAGE, store.free(first), "two pages given back");
            assertEquals(PAGE, store.heldBytes());
            int third = store.add(3, source, 1, PAGE, SegmentStore.NONE);
            assertEquals(first, third, "the freed record is taken again");
            assertTrue(store.sameBytes(third, 0, source, 1, PAGE));
            assertEquals(3L * PAGE, store.peakHeldBytes());
            store.free(second);
            store.free(third);
            assertEquals(0, store.heldBytes());
        }
    }

    @Test
    void shouldAllocateNothingOnceWarm() {
        MemorySegment source = bytes(3 * PAGE, 5);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SegmentStore store = new SegmentStore(64L * PAGE)) {
            cycle(store, source, 10_000);
            long before = threads.getCurrentThreadAllocatedBytes();
            cycle(store, source, 1_000_000);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 1024, allocated + " bytes allocated over a million adds and frees");
        }
    }

    private static void cycle(SegmentStore store, MemorySegment source, int rounds) {
        int[] held = new int[8];
        for (int i = 0; i < rounds; i++) {
            int slot = i & 7;
            if (i >= 8) {
                store.free(held[slot]);
            }
            held[slot] = store.add(i, source, i % PAGE, 1 + i % (2 * PAGE), SegmentStore.NONE);
        }
        for (int slot = 0; slot < Math.min(rounds, 8); slot++) {
            store.free(held[slot]);
        }
    }
}
