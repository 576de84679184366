package io.netzer.flow;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The out-of-order segments TCP reassembly holds: records (sequence number, length, next record of the same
 * direction) over int arrays, each record's bytes in a chain of {@link PagePool} pages. Records are recycled
 * through a free list; nothing is allocated once the arrays and the pool have grown.
 */
final class SegmentStore implements AutoCloseable {
    /** No record, no page. */
    static final int NONE = -1;

    private final PagePool pool;
    private int[] seq = new int[0];
    private int[] length = new int[0];
    private int[] next = new int[0];
    private int[] firstPage = new int[0];
    private int[] pageNext = new int[0];
    private int freeRecord = NONE;
    private int records;

    /** A store whose pages total {@code maxBytes} at most. */
    SegmentStore(long maxBytes) {
        pool = new PagePool(maxBytes);
    }

    /** Pages a record of {@code bytes} bytes takes. */
    static int pagesFor(int bytes) {
        return (bytes + PagePool.PAGE_SIZE - 1) / PagePool.PAGE_SIZE;
    }

    /** Whether the pool can give the pages of {@code bytes} more bytes now. */
    boolean canHold(int bytes) {
        return pool.canAllocate(pagesFor(bytes));
    }

    /**
     * Copies {@code bytes} bytes from {@code source} into a new record with sequence number {@code sequence},
     * followed by {@code following}; the caller checked {@link #canHold}.
     */
    int add(int sequence, MemorySegment source, long offset, int bytes, int following) {
        int record = allocateRecord();
        seq[record] = sequence;
        length[record] = bytes;
        next[record] = following;
        firstPage[record] = NONE;
        int last = NONE;
        for (int copied = 0; copied < bytes; copied += PagePool.PAGE_SIZE) {
            int page = pool.allocate();
            if (page >= pageNext.length) {
                pageNext = Arrays.copyOf(pageNext, Math.max(page + 1, pageNext.length * 2));
            }
            pageNext[page] = NONE;
            if (last == NONE) {
                firstPage[record] = page;
            } else {
                pageNext[last] = page;
            }
            last = page;
            MemorySegment.copy(source, offset + copied, pool.segment(page), pool.offset(page),
                    Math.min(PagePool.PAGE_SIZE, bytes - copied));
        }
        return record;
    }

    /** Frees a record and its pages; returns the bytes of pages given back. */
    long free(int record) {
        int pages = 0;
        for (int page = firstPage[record]; page != NONE; ) {
            int following = pageNext[page];
            pool.release(page);
            pages++;
            page = following;
        }
        next[record] = freeRecord;
        freeRecord = record;
        return (long) pages * PagePool.PAGE_SIZE;
    }

    int seq(int record) {
        return seq[record];
    }

    int length(int record) {
        return length[record];
    }

    int next(int record) {
        return next[record];
    }

    void setNext(int record, int following) {
        next[record] = following;
    }

    int firstPage(int record) {
        return firstPage[record];
    }

    int nextPage(int page) {
        return pageNext[page];
    }

    MemorySegment pageSegment(int page) {
        return pool.segment(page);
    }

    long pageOffset(int page) {
        return pool.offset(page);
    }

    /**
     * Whether the record's bytes from {@code skip} on equal {@code bytes} bytes of {@code other} at
     * {@code offset}.
     */
    boolean sameBytes(int record, int skip, MemorySegment other, long offset, int bytes) {
        int position = 0;
        int compared = 0;
        for (int page = firstPage[record]; page != NONE && compared < bytes; page = pageNext[page]) {
            int pageBytes = Math.min(PagePool.PAGE_SIZE, length[record] - position);
            if (skip + compared < position + pageBytes) {
                int from = skip + compared - position;
                int count = Math.min(pageBytes - from, bytes - compared);
                long start = pool.offset(page) + from;
                if (MemorySegment.mismatch(pool.segment(page), start, start + count, other, offset + compared,
                        offset + compared + count) >= 0) {
                    return false;
                }
                compared += count;
            }
            position += pageBytes;
        }
        return true;
    }

    /** Bytes of pages in use now. */
    long heldBytes() {
        return (long) pool.inUse() * PagePool.PAGE_SIZE;
    }

    /** Most bytes of pages in use at once. */
    long peakHeldBytes() {
        return (long) pool.peak() * PagePool.PAGE_SIZE;
    }

    private int allocateRecord() {
        if (freeRecord != NONE) {
            int record = freeRecord;
            freeRecord = next[record];
            return record;
        }
        if (records == seq.length) {
            int grown = Math.max(64, records * 2);
            seq = Arrays.copyOf(seq, grown);
            length = Arrays.copyOf(length, grown);
            next = Arrays.copyOf(next, grown);
            firstPage = Arrays.copyOf(firstPage, grown);
        }
        return records++;
    }

    @Override
    public void close() {
        pool.close();
    }
}
