package io.netzer.flow;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Fixed-size pages of off-heap memory for the bytes that TCP reassembly holds out of order. Memory is taken
 * from the operating system in chunks as pages are first needed, up to a cap given in bytes, and never given
 * back until {@link #close()}: a warm pool allocates nothing. Pages are named by an int; free pages are kept
 * on a stack. TCP reassembly and IP defragmentation each keep their own.
 */
public final class PagePool implements AutoCloseable {
    /** Bytes per page: a full-size Ethernet segment takes two. */
    public static final int PAGE_SIZE = 1024;
    /** No page. */
    public static final int NONE = -1;

    private static final int PAGE_SHIFT = 10;
    private static final int CHUNK_SHIFT = 10;
    private static final int PAGES_PER_CHUNK = 1 << CHUNK_SHIFT;

    private final Arena arena = Arena.ofShared();
    private final int maxPages;
    private MemorySegment[] chunks = new MemorySegment[0];
    private int[] free = new int[0];
    private int freeCount;
    private int created;
    private int inUse;
    private int peak;

    /** A pool of at most {@code maxBytes}, rounded down to whole pages, and at least one page. */
    public PagePool(long maxBytes) {
        this.maxPages = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxBytes / PAGE_SIZE));
    }

    /** Takes a page, or returns {@link #NONE} when all {@code maxBytes} are in use. */
    public int allocate() {
        if (freeCount == 0 && !addChunk()) {
            return NONE;
        }
        inUse++;
        peak = Math.max(peak, inUse);
        return free[--freeCount];
    }

    /** Whether {@code pages} more pages can be taken now. */
    public boolean canAllocate(int pages) {
        return maxPages - inUse >= pages;
    }

    /** Gives a page back. */
    public void release(int page) {
        free[freeCount++] = page;
        inUse--;
    }

    /** The memory a page lies in (a chunk). */
    public MemorySegment segment(int page) {
        return chunks[page >>> CHUNK_SHIFT];
    }

    /** Where a page starts in {@link #segment(int)}. */
    public long offset(int page) {
        return (long) (page & (PAGES_PER_CHUNK - 1)) << PAGE_SHIFT;
    }

    /** Pages in use now. */
    public int inUse() {
        return inUse;
    }

    /** Most pages in use at once. */
    public int peak() {
        return peak;
    }

    private boolean addChunk() {
        if (created >= maxPages) {
            return false;
        }
        int pages = Math.min(PAGES_PER_CHUNK, maxPages - created);
        chunks = Arrays.copyOf(chunks, chunks.length + 1);
        chunks[chunks.length - 1] = arena.allocate((long) pages << PAGE_SHIFT, Long.BYTES);
        if (free.length < created + pages) {
            free = Arrays.copyOf(free, Math.max(created + pages, free.length * 2));
        }
        for (int i = pages - 1; i >= 0; i--) {
            free[freeCount++] = created + i;
        }
        created += pages;
        return true;
    }

    @Override
    public void close() {
        arena.close();
    }
}
