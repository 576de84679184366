package io.netzer.defrag;

import io.netzer.flow.PagePool;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The bytes of the datagrams in progress: per slot, the first fragment's headers (link layer and unfragmentable
 * IP part) in one page, the data in pages indexed by their offset in the datagram (page {@code i} holds bytes
 * {@code i * 1024} to {@code i * 1024 + 1023}), and the byte ranges received, merged, in order. Pages come
 * from a {@link PagePool} capped in bytes; the index arrays are allocated up front for every slot.
 */
final class DatagramStore implements AutoCloseable {
    /** Largest IP datagram: the 16-bit length fields of IPv4 and IPv6. */
    static final int MAX_DATAGRAM = 65_535;
    /** Separate pieces (ranges with holes between them) a datagram may hold at once. */
    static final int MAX_RANGES = 16;
    /** Result of {@link #insert}: every byte new or equal to what was held. */
    static final int INSERTED = 0;
    /** Result of {@link #insert}: some overlapped bytes differ (the held ones were kept). */
    static final int CONFLICT = 1;
    /** Result of {@link #insert}: nothing stored, the piece would pass {@link #MAX_RANGES}. */
    static final int TOO_MANY_RANGES = 2;

    private static final int PAGE = PagePool.PAGE_SIZE;
    private static final int PAGES_PER_DATAGRAM = (MAX_DATAGRAM + PAGE - 1) / PAGE;

    private final PagePool pool;
    private final int[] pages;
    private final int[] headerPage;
    private final int[] headerLength;
    private final int[] rangeCount;
    private final int[] rangeStart;
    private final int[] rangeEnd;
    private long peakBytes;

    /** Room for {@code slots} datagrams, {@code maxBytes} of pages at most. */
    DatagramStore(int slots, long maxBytes) {
        pool = new PagePool(maxBytes);
        pages = new int[slots * PAGES_PER_DATAGRAM];
        Arrays.fill(pages, PagePool.NONE);
        headerPage = new int[slots];
        Arrays.fill(headerPage, PagePool.NONE);
        headerLength = new int[slots];
        rangeCount = new int[slots];
        rangeStart = new int[slots * MAX_RANGES];
        rangeEnd = new int[slots * MAX_RANGES];
    }

    /** Pages that storing data {@code [start, end)}, and a header when {@code header}, would take now. */
    int pagesNeeded(int slot, int start, int end, boolean header) {
        int needed = header && headerPage[slot] == PagePool.NONE ? 1 : 0;
        if (end > start) {
            for (int page = start / PAGE; page <= (end - 1) / PAGE; page++) {
                if (pages[slot * PAGES_PER_DATAGRAM + page] == PagePool.NONE) {
                    needed++;
                }
            }
        }
        return needed;
    }

    /** Whether {@code count} more pages can be taken now. */
    boolean canAllocate(int count) {
        return pool.canAllocate(count);
    }

    /** Whether the first fragment's headers are held. */
    boolean hasHeader(int slot) {
        return headerPage[slot] != PagePool.NONE;
    }

    /** Bytes of the headers held. */
    int headerLength(int slot) {
        return headerLength[slot];
    }

    /** Keeps the first fragment's headers ({@code length} at most a page; the page was checked free). */
    void storeHeader(int slot, MemorySegment source, long offset, int length) {
        int page = take();
        headerPage[slot] = page;
        headerLength[slot] = length;
        MemorySegment.copy(source, offset, pool.segment(page), pool.offset(page), length);
    }

    /**
     * Stores data {@code [start, end)} of the datagram from {@code source} at {@code offset}: bytes not held yet
     * are copied, bytes held are kept and compared ("first data wins"). The pages were checked free.
     *
     * @return {@link #INSERTED}, {@link #CONFLICT}, or {@link #TOO_MANY_RANGES} (then nothing was stored)
     */
    int insert(int slot, int start, int end, MemorySegment source, long offset) {
        int base = slot * MAX_RANGES;
        int count = rangeCount[slot];
        int first = 0;
        while (first < count && rangeEnd[base + first] < start) {
            first++;
        }
        int last = first;
        while (last < count && rangeStart[base + last] <= end) {
            last++;
        }
        // Ranges first..last-1 touch [start, end) and merge with it into one.
        if (first == last && count == MAX_RANGES) {
            return TOO_MANY_RANGES;
        }
        boolean conflict = false;
        int position = start;
        for (int i = first; i < last && position < end; i++) {
            int heldStart = Math.max(rangeStart[base + i], start);
            int heldEnd = Math.min(rangeEnd[base + i], end);
            if (heldStart > position) {
                copy(slot, position, heldStart, source, offset + position - start);
            }
            if (heldEnd > heldStart) {
                conflict |= differs(slot, heldStart, heldEnd, source, offset + heldStart - start);
                position = Math.max(position, heldEnd);
            }
        }
        if (position < end) {
            copy(slot, position, end, source, offset + position - start);
        }
        int mergedStart = first < last ? Math.min(start, rangeStart[base + first]) : start;
        int mergedEnd = first < last ? Math.max(end, rangeEnd[base + last - 1]) : end;
        int removed = last - first;
        System.arraycopy(rangeStart, base + last, rangeStart, base + first + 1, count - last);
        System.arraycopy(rangeEnd, base + last, rangeEnd, base + first + 1, count - last);
        rangeStart[base + first] = mergedStart;
        rangeEnd[base + first] = mergedEnd;
        rangeCount[slot] = count - removed + 1;
        return conflict ? CONFLICT : INSERTED;
    }

    /** Bytes held from offset 0 without a hole (0 when the start is missing). */
    int contiguous(int slot) {
        return rangeCount[slot] > 0 && rangeStart[slot * MAX_RANGES] == 0 ? rangeEnd[slot * MAX_RANGES] : 0;
    }

    /** Whether exactly {@code [0, length)} is held, in one piece. */
    boolean isWhole(int slot, int length) {
        return rangeCount[slot] == 1 && contiguous(slot) == length;
    }

    /** The end of the furthest byte held, 0 when nothing is. */
    int furthest(int slot) {
        int count = rangeCount[slot];
        return count == 0 ? 0 : rangeEnd[slot * MAX_RANGES + count - 1];
    }

    /** Writes the headers and then {@code length} bytes of data into {@code target} from 0; held whole. */
    void copyTo(int slot, int length, MemorySegment target) {
        int header = headerLength[slot];
        MemorySegment.copy(pool.segment(headerPage[slot]), pool.offset(headerPage[slot]), target, 0, header);
        for (int done = 0; done < length; done += PAGE) {
            int page = pages[slot * PAGES_PER_DATAGRAM + done / PAGE];
            MemorySegment.copy(pool.segment(page), pool.offset(page), target, header + done,
                    Math.min(PAGE, length - done));
        }
    }

    /** Gives back a slot's pages and forgets its ranges. */
    void clear(int slot) {
        if (headerPage[slot] != PagePool.NONE) {
            pool.release(headerPage[slot]);
            headerPage[slot] = PagePool.NONE;
        }
        int base = slot * PAGES_PER_DATAGRAM;
        for (int i = 0; i < PAGES_PER_DATAGRAM; i++) {
            if (pages[base + i] != PagePool.NONE) {
                pool.release(pages[base + i]);
                pages[base + i] = PagePool.NONE;
            }
        }
        rangeCount[slot] = 0;
    }

    /** Bytes of pages held now. */
    long heldBytes() {
        return (long) pool.inUse() * PAGE;
    }

    /** Most bytes of pages held at once. */
    long peakBytes() {
        return peakBytes;
    }

    private int take() {
        int page = pool.allocate();
        peakBytes = Math.max(peakBytes, heldBytes());
        return page;
    }

    private void copy(int slot, int from, int to, MemorySegment source, long offset) {
        for (int position = from; position < to; ) {
            int index = slot * PAGES_PER_DATAGRAM + position / PAGE;
            if (pages[index] == PagePool.NONE) {
                pages[index] = take();
            }
            int within = position % PAGE;
            int length = Math.min(PAGE - within, to - position);
            MemorySegment.copy(source, offset + position - from, pool.segment(pages[index]),
                    pool.offset(pages[index]) + within, length);
            position += length;
        }
    }

    private boolean differs(int slot, int from, int to, MemorySegment source, long offset) {
        for (int position = from; position < to; ) {
            int page = pages[slot * PAGES_PER_DATAGRAM + position / PAGE];
            int within = position % PAGE;
            int length = Math.min(PAGE - within, to - position);
            long held = pool.offset(page) + within;
            long at = offset + position - from;
            if (MemorySegment.mismatch(pool.segment(page), held, held + length, source, at, at + length) != -1) {
                return true;
            }
            position += length;
        }
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }
}
