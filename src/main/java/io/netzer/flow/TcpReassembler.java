package io.netzer.flow;

import io.netzer.dissect.Packet;
import io.netzer.dissect.TcpHeader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * TCP reassembly of both directions of every flow of a {@link FlowTable}: hands each direction's bytes to the
 * {@link StreamListener}s in stream order, once.
 *
 * <ul>
 *   <li>In-order bytes go to the listeners straight from the packet's memory (zero copy).</li>
 *   <li>Bytes ahead of the next expected sequence number are copied into pages of a {@link PagePool} and held
 *       until the gap before them fills. Where held and new bytes overlap, the first bytes win; an overlap whose
 *       bytes differ is counted.</li>
 *   <li>Bytes before the next expected sequence number are retransmissions: counted, not delivered again. The
 *       bytes handed on are not kept (zero copy), but each direction keeps a keyed hash of the latest segment it
 *       handed on from a packet: a retransmission that covers exactly that segment again with different bytes is
 *       counted as an overlap with different bytes (the first copy won). Older or partial copies are counted as
 *       retransmitted bytes only.</li>
 *   <li>Sequence numbers are compared by their 32-bit difference (RFC 1982 serial arithmetic), so wrap-around is
 *       seamless. A direction starts at its SYN, or at its first segment when picked up mid-stream. Until
 *       its first byte, a later SYN or the peer's SYN-ACK moves that start: a client that sent several SYNs with
 *       different ISNs is followed from the one the SYN-ACK acknowledges.</li>
 *   <li>A gap that never fills is skipped, and reported through {@link StreamListener#streamGap}, once the other
 *       side acknowledges past it, when the flow's buffer cap forces it, or when the flow ends.</li>
 *   <li>Caps: out-of-order bytes per flow ({@link FlowConfig#flowBufferBytes()}, past it the oldest gap is
 *       skipped) and in total ({@link FlowConfig#totalBufferBytes()}, past it a segment that cannot be held is
 *       dropped unless the direction that needs room holds bytes itself: then its oldest gap is skipped);
 *       stream depth ({@link FlowConfig#streamDepth()}, past it bytes are counted, not handed on).
 *       Every byte a cap costs is counted. Held memory is counted in whole pages.</li>
 * </ul>
 *
 * <p>Nothing is allocated per packet once the pool and the per-flow arrays have grown.
 */
public final class TcpReassembler implements SlotCapacity, AutoCloseable {
    private static final int NONE = -1;
    private static final int KNOWN = 1;
    private static final long MULTIPLIER_A = 0x9e3779b97f4a7c15L;
    private static final long MULTIPLIER_B = 0xc2b2ae3d27d4eb4fL;

    private final StreamListener[] listeners;
    private final long flowCap;
    private final long depth;
    private final SegmentStore store;
    /** Key of the segment hash, random per reassembler, so a sender cannot craft a different copy that matches. */
    private final long hashKey = new SplittableRandom().nextLong();

    // Per direction (flow * 2 + direction).
    private int[] state = new int[0];
    private int[] next = new int[0];
    private int[] held = new int[0];
    private long[] passed = new long[0];
    // Per direction: the latest segment handed on from a packet (start, length, hash; length 0 for none).
    private int[] lastStart = new int[0];
    private int[] lastLength = new int[0];
    private long[] lastHash = new long[0];
    // Per flow: bytes of pages held by both directions; bytes retransmitted both ways (the dashboard's flows).
    private long[] flowHeld = new long[0];
    private long[] flowRetransmitted = new long[0];

    /** The packet being taken, while {@link #segment} runs: what released the bytes handed on; else null. */
    private Packet releasing;
    private long deliveredBytes;
    private long retransmittedBytes;
    private long overlapsDiffering;
    private long gapBytes;
    private long forcedGapBytes;
    private long droppedBytes;
    private long beyondDepthBytes;

    /** A reassembler with the caps of {@code config} handing streams to {@code listeners}. */
    public TcpReassembler(FlowConfig config, StreamListener[] listeners) {
        this.listeners = listeners.clone();
        this.flowCap = config.flowBufferBytes();
        this.depth = config.streamDepth();
        this.store = new SegmentStore(config.totalBufferBytes());
    }

    /** Makes room for flows below {@code flows} (the table's capacity). */
    @Override
    public void capacityChanged(int flows) {
        if (flowHeld.length < flows) {
            state = Arrays.copyOf(state, 2 * flows);
            next = Arrays.copyOf(next, 2 * flows);
            passed = Arrays.copyOf(passed, 2 * flows);
            held = Arrays.copyOf(held, 2 * flows);
            lastStart = Arrays.copyOf(lastStart, 2 * flows);
            lastLength = Arrays.copyOf(lastLength, 2 * flows);
            lastHash = Arrays.copyOf(lastHash, 2 * flows);
            Arrays.fill(held, 2 * flowHeld.length, 2 * flows, NONE);
            flowHeld = Arrays.copyOf(flowHeld, flows);
            flowRetransmitted = Arrays.copyOf(flowRetransmitted, flows);
        }
    }

    /** Forgets what slot {@code flow} held before: a new flow starts there. */
    public void flowStarted(int flow) {
        flowRetransmitted[flow] = 0;
        for (int d = 2 * flow; d < 2 * flow + 2; d++) {
            state[d] = 0;
            passed[d] = 0;
            lastLength[d] = 0;
        }
    }

    /**
     * Takes one TCP segment of {@code flow} sent in {@code direction}.
     *
     * @param tcp    the segment's header (flags, sequence and acknowledgment numbers)
     * @param packet the packet holding the segment: listeners hear it with the bytes it releases
     * @param offset where the payload starts in the packet's memory
     * @param length payload bytes captured
     */
    public void segment(int flow, int direction, TcpHeader tcp, Packet packet, long offset, int length) {
        releasing = packet;
        try {
            segment(flow, direction, tcp, packet.segment(), offset, length);
        } finally {
            releasing = null;
        }
    }

    private void segment(int flow, int direction, TcpHeader tcp, MemorySegment segment, long offset, int length) {
        int flags = tcp.flags();
        int d = 2 * flow + direction;
        if ((flags & (TcpHeader.SYN | TcpHeader.ACK)) == (TcpHeader.SYN | TcpHeader.ACK)) {
            // The SYN-ACK names the SYN it answers: the peer's stream starts after that SYN's ISN.
            reanchor(d ^ 1, (int) tcp.acknowledgmentNumber());
        }
        if ((flags & TcpHeader.ACK) != 0) {
            acknowledged(flow, direction ^ 1, (int) tcp.acknowledgmentNumber());
        }
        int seq = (int) tcp.sequenceNumber();
        if ((flags & TcpHeader.SYN) != 0) {
            if ((state[d] & KNOWN) == 0) {
                state[d] |= KNOWN;
                next[d] = seq + 1;
            } else {
                // A SYN with a new ISN before any byte of the direction: the latest SYN is the one usually answered.
                reanchor(d, seq + 1);
            }
            // Data on a SYN (TCP Fast Open) starts after the SYN's own sequence number.
            seq++;
        } else if ((state[d] & KNOWN) == 0) {
            if (length == 0 || (flags & TcpHeader.RST) != 0) {
                return;
            }
            // Picked up mid-stream: the stream starts with this segment.
            state[d] |= KNOWN;
            next[d] = seq;
        }
        if (length > 0) {
            data(flow, direction, seq, segment, offset, length);
        }
    }

    /**
     * Moves the start of direction {@code d} to {@code start} while it has neither handed on nor held a byte: a
     * client that sent several SYNs with different ISNs before the SYN-ACK (each a new attempt, any of which the
     * server may answer) is followed from the SYN the peer acknowledged.
     */
    private void reanchor(int d, int start) {
        if ((state[d] & KNOWN) != 0 && passed[d] == 0 && held[d] == NONE) {
            next[d] = start;
        }
    }

    private void data(int flow, int direction, int seq, MemorySegment segment, long offset, int length) {
        int d = 2 * flow + direction;
        int ahead = seq - next[d];
        if (ahead <= 0) {
            int old = Math.min(length, -ahead);
            retransmittedBytes += old;
            flowRetransmitted[flow] += old;
            if (seq == lastStart[d] && old == lastLength[d] && old > 0
                    && hash(segment, offset, old) != lastHash[d]) {
                overlapsDiffering++;
            }
            if (ahead + length <= 0) {
                return;
            }
            lastStart[d] = next[d];
            lastLength[d] = length + ahead;
            lastHash[d] = hash(segment, offset - ahead, length + ahead);
            inOrder(flow, direction, segment, offset - ahead, length + ahead);
        } else if (passed[d] >= depth) {
            beyondDepthBytes += length;
        } else {
            hold(flow, direction, seq, segment, offset, length);
        }
    }

    /** The peer acknowledged {@code ack}: a gap before held data that the ACK passes will never fill. */
    private void acknowledged(int flow, int direction, int ack) {
        int d = 2 * flow + direction;
        if ((state[d] & KNOWN) != 0 && held[d] != NONE && ack - next[d] > 0) {
            int head = held[d];
            skipTo(flow, direction, store.seq(head) - ack < 0 ? store.seq(head) : ack);
        }
    }

    /** Bytes starting at {@code next}: handed on from the packet, interleaved with held bytes that came first. */
    private void inOrder(int flow, int direction, MemorySegment segment, long offset, int length) {
        int d = 2 * flow + direction;
        int start = next[d];
        int end = start + length;
        while (end - next[d] > 0) {
            int head = held[d];
            if (head != NONE && store.seq(head) - next[d] <= 0) {
                int recordEnd = store.seq(head) + store.length(head);
                int overlap = Math.min(recordEnd - next[d], end - next[d]);
                if (overlap > 0) {
                    compare(head, next[d] - store.seq(head), segment, offset + (next[d] - start), overlap);
                }
                deliverHead(flow, direction);
            } else {
                int until = head == NONE || store.seq(head) - end >= 0 ? end : store.seq(head);
                emit(flow, direction, segment, offset + (next[d] - start), until - next[d]);
                next[d] = until;
            }
        }
        drain(flow, direction);
    }

    /** Hands on the held head of a direction past {@code next}, then frees it. */
    private void deliverHead(int flow, int direction) {
        int d = 2 * flow + direction;
        int head = held[d];
        int length = store.length(head);
        int skip = next[d] - store.seq(head);
        if (skip < length) {
            int position = 0;
            for (int page = store.firstPage(head); page != NONE; page = store.nextPage(page)) {
                int pageBytes = Math.min(PagePool.PAGE_SIZE, length - position);
                if (skip < position + pageBytes) {
                    int from = Math.max(0, skip - position);
                    emit(flow, direction, store.pageSegment(page), store.pageOffset(page) + from, pageBytes - from);
                }
                position += pageBytes;
            }
            next[d] = store.seq(head) + length;
        }
        held[d] = store.next(head);
        flowHeld[flow] -= store.free(head);
    }

    /** Hands on every held record that now starts at or before {@code next}. */
    private void drain(int flow, int direction) {
        int d = 2 * flow + direction;
        while (held[d] != NONE && store.seq(held[d]) - next[d] <= 0) {
            deliverHead(flow, direction);
        }
    }

    /** Skips the bytes up to {@code target}, reporting them as a gap, then hands on what is held after them. */
    private void skipTo(int flow, int direction, int target) {
        int d = 2 * flow + direction;
        int gap = target - next[d];
        if (gap > 0) {
            gapBytes += gap;
            passed[d] += gap;
            next[d] = target;
            for (StreamListener listener : listeners) {
                listener.streamGap(flow, direction, gap);
            }
        }
        drain(flow, direction);
    }

    private void emit(int flow, int direction, MemorySegment segment, long offset, int length) {
        int d = 2 * flow + direction;
        long room = depth - passed[d];
        passed[d] += length;
        int handed = (int) Math.min(length, Math.max(0, room));
        beyondDepthBytes += length - handed;
        if (handed > 0) {
            deliveredBytes += handed;
            for (StreamListener listener : listeners) {
                listener.streamData(flow, direction, segment, offset, handed, releasing);
            }
        }
    }

    /** Copies the parts of an out-of-order segment not held yet, making room under the caps first. */
    private void hold(int flow, int direction, int seq, MemorySegment segment, long offset, int length) {
        int d = 2 * flow + direction;
        int pages = SegmentStore.pagesFor(length);
        long needed = (long) pages * PagePool.PAGE_SIZE;
        while (flowHeld[flow] + needed > flowCap && (held[d] != NONE || held[d ^ 1] != NONE)) {
            forceSkip(flow, held[d] != NONE ? direction : direction ^ 1);
        }
        while (!store.canHold(length) && held[d] != NONE) {
            // The pool is spent: as gopacket does, the direction that needs room gives up its oldest gap.
            forceSkip(flow, direction);
        }
        int ahead = seq - next[d];
        if (ahead <= 0) {
            // A forced skip reached this segment: it is in order now.
            data(flow, direction, seq, segment, offset, length);
            return;
        }
        int end = seq + length;
        int cursor = seq;
        int previous = NONE;
        int record = held[d];
        while (end - cursor > 0) {
            if (record == NONE || store.seq(record) - end >= 0) {
                insert(flow, direction, previous, record, cursor, segment, offset + (cursor - seq), end - cursor);
                return;
            }
            int recordEnd = store.seq(record) + store.length(record);
            if (recordEnd - cursor > 0) {
                if (store.seq(record) - cursor > 0) {
                    int inserted = insert(flow, direction, previous, record, cursor, segment,
                            offset + (cursor - seq), store.seq(record) - cursor);
                    previous = inserted == NONE ? previous : inserted;
                    cursor = store.seq(record);
                }
                int overlap = Math.min(recordEnd, end) - cursor;
                compare(record, cursor - store.seq(record), segment, offset + (cursor - seq), overlap);
                cursor += overlap;
            }
            previous = record;
            record = store.next(record);
        }
    }

    /** Skips the first gap of a direction that holds bytes, to make room under a cap. */
    private void forceSkip(int flow, int direction) {
        long before = gapBytes;
        skipTo(flow, direction, store.seq(held[2 * flow + direction]));
        forcedGapBytes += gapBytes - before;
    }

    /** Holds {@code length} bytes as a new record between {@code previous} and {@code following}; or drops them. */
    private int insert(int flow, int direction, int previous, int following, int seq, MemorySegment segment,
            long offset, int length) {
        if (!store.canHold(length)) {
            droppedBytes += length;
            return NONE;
        }
        int record = store.add(seq, segment, offset, length, following);
        flowHeld[flow] += (long) SegmentStore.pagesFor(length) * PagePool.PAGE_SIZE;
        if (previous == NONE) {
            held[2 * flow + direction] = record;
        } else {
            store.setNext(previous, record);
        }
        return record;
    }

    /**
     * A keyed hash of {@code length} bytes: four independent lanes of multiply-xor over 8-byte words (so the
     * multiplications overlap: about 0.1 ns per byte), then the tail byte by byte.
     */
    private long hash(MemorySegment segment, long offset, int length) {
        long a = hashKey;
        long b = hashKey ^ length;
        long c = ~hashKey;
        long d = hashKey + length;
        int i = 0;
        for (; i + 4 * Long.BYTES <= length; i += 4 * Long.BYTES) {
            a = (a ^ segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + i)) * MULTIPLIER_A;
            b = (b ^ segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + i + Long.BYTES)) * MULTIPLIER_B;
            c = (c ^ segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + i + 2 * Long.BYTES)) * MULTIPLIER_A;
            d = (d ^ segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + i + 3 * Long.BYTES)) * MULTIPLIER_B;
        }
        for (; i < length; i++) {
            a = (a ^ segment.get(ValueLayout.JAVA_BYTE, offset + i)) * MULTIPLIER_A;
        }
        long h = a ^ Long.rotateLeft(b, 17) ^ Long.rotateLeft(c, 29) ^ Long.rotateLeft(d, 41);
        return (h ^ h >>> 32) * MULTIPLIER_B;
    }

    /** Counts an overlap of held bytes (from {@code skip} into {@code record}) with new bytes; first data wins. */
    private void compare(int record, int skip, MemorySegment segment, long offset, int length) {
        if (!store.sameBytes(record, skip, segment, offset, length)) {
            overlapsDiffering++;
        }
    }

    /** The flow in {@code flow} ends: what is held is handed on (gaps skipped) and its pages go back. */
    public void flowEnded(int flow) {
        for (int direction = 0; direction < 2; direction++) {
            int d = 2 * flow + direction;
            while (held[d] != NONE) {
                skipTo(flow, direction, store.seq(held[d]));
            }
            state[d] = 0;
        }
    }

    /** Bytes handed to the listeners. */
    public long deliveredBytes() {
        return deliveredBytes;
    }

    /** Bytes of flow {@code flow} (both directions) that came again after they had been handed on, since it started. */
    public long retransmittedBytes(int flow) {
        return flowRetransmitted[flow];
    }

    /** Bytes that came again after they had been handed on (retransmissions); not handed on twice. */
    public long retransmittedBytes() {
        return retransmittedBytes;
    }

    /**
     * Overlaps whose bytes differed from those that came first (held bytes, or the latest segment handed on, when
     * a retransmission covers it exactly); the first bytes were kept.
     */
    public long overlapsDiffering() {
        return overlapsDiffering;
    }

    /** Bytes skipped as gaps (never seen), reported through {@link StreamListener#streamGap}. */
    public long gapBytes() {
        return gapBytes;
    }

    /** Of the {@link #gapBytes()}, those skipped early to make room under a buffer cap (per flow or total). */
    public long forcedGapBytes() {
        return forcedGapBytes;
    }

    /** Out-of-order bytes dropped at the total buffer cap (their direction held nothing it could give up). */
    public long droppedBytes() {
        return droppedBytes;
    }

    /** Bytes past the stream depth: counted, not handed on (nor held). */
    public long beyondDepthBytes() {
        return beyondDepthBytes;
    }

    /** Bytes of pages holding out-of-order data now. */
    public long heldBytes() {
        return store.heldBytes();
    }

    /** Most bytes of pages held at once. */
    public long peakHeldBytes() {
        return store.peakHeldBytes();
    }

    /** Releases the pool's memory. */
    @Override
    public void close() {
        store.close();
    }
}
