package io.netzer.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The page pool alone: its cap in bytes, its minimum of one page, reuse of freed pages, pages past one chunk. */
class PagePoolTest {
    private static final int PAGES_PER_CHUNK = 1024;

    @Test
    void shouldGiveOnePageWhenTheCapIsBelowAPage() {
        try (PagePool pool = new PagePool(0)) {
            assertTrue(pool.canAllocate(1));
            assertNotEquals(PagePool.NONE, pool.allocate());
            assertFalse(pool.canAllocate(1));
            assertEquals(PagePool.NONE, pool.allocate());
        }
    }

    @Test
    void shouldRoundTheCapDownToWholePages() {
        try (PagePool pool = new PagePool(3L * PagePool.PAGE_SIZE + PagePool.PAGE_SIZE - 1)) {
            assertTrue(pool.canAllocate(3));
            assertFalse(pool.canAllocate(4));
            for (int i = 0; i < 3; i++) {
                assertNotEquals(PagePool.NONE, pool.allocate());
            }
            assertEquals(PagePool.NONE, pool.allocate(), "a fourth page is past the cap");
            assertEquals(3, pool.inUse());
        }
    }

    @Test
    void shouldReuseAFreedPageAndKeepThePeak() {
        try (PagePool pool = new PagePool(2L * PagePool.PAGE_SIZE)) {
            int first = pool.allocate();
            int second = pool.allocate();
            pool.release(first);
            assertEquals(1, pool.inUse());
            assertEquals(first, pool.allocate(), "the page just freed is taken again");
            assertEquals(PagePool.NONE, pool.allocate());
            pool.release(first);
            pool.release(second);
            assertEquals(0, pool.inUse());
            assertEquals(2, pool.peak());
        }
    }

    @Test
    void shouldKeepPagesApartAcrossChunks() {
        int pages = PAGES_PER_CHUNK + 2;
        try (PagePool pool = new PagePool((long) pages * PagePool.PAGE_SIZE)) {
            Set<Integer> taken = new HashSet<>();
            for (int i = 0; i < pages; i++) {
                int page = pool.allocate();
                assertTrue(taken.add(page), "page " + page + " given twice");
                MemorySegment segment = pool.segment(page);
                long offset = pool.offset(page);
                assertTrue(offset + PagePool.PAGE_SIZE <= segment.byteSize(), "page " + page + " past its chunk");
                segment.set(ValueLayout.JAVA_INT_UNALIGNED, offset, page);
                segment.set(ValueLayout.JAVA_INT_UNALIGNED, offset + PagePool.PAGE_SIZE - Integer.BYTES, page);
            }
            assertEquals(PagePool.NONE, pool.allocate());
            for (int page : taken) {
                MemorySegment segment = pool.segment(page);
                long offset = pool.offset(page);
                assertEquals(page, segment.get(ValueLayout.JAVA_INT_UNALIGNED, offset), "start of page " + page);
                assertEquals(page, segment.get(ValueLayout.JAVA_INT_UNALIGNED,
                        offset + PagePool.PAGE_SIZE - Integer.BYTES), "end of page " + page);
            }
            int first = taken.stream().min(Integer::compare).orElseThrow();
            int last = taken.stream().max(Integer::compare).orElseThrow();
            assertNotSame(pool.segment(first), pool.segment(last), "the second chunk is memory of its own");
            assertSame(pool.segment(first), pool.segment(first + 1));
        }
    }
}
