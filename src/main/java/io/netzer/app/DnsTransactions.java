package io.netzer.app;

import java.util.Arrays;

/**
 * Pairs DNS responses with their queries so an answer can carry its response time. A query is remembered under
 * its transaction ID, the oriented flow it travelled (the flow slot and direction, with the slot's epoch so a
 * reused slot never matches an old flow's query) and its first question (type, class and a 64-bit hash of the
 * name, letter case folded, as a server may echo 0x20-randomised case back differently); a response looks the
 * same key up with the direction reversed. A retransmitted query keeps the first one's time, so the response
 * time is what the client waited. Messages without a question (RFC 7873 cookies, NOTIFY) pair on the ID alone.
 *
 * <p>Bounded and allocation-free: at most {@code capacity} queries, kept in arrival order in a ring with a chained
 * hash index. A query unanswered for {@code timeoutNanos} of packet time is dropped and counted
 * ({@link #unanswered()}); when the ring is full the oldest query is dropped and counted ({@link #evicted()}), so a
 * query flood costs a fixed amount of memory. Packet time is assumed to move forwards, as in a capture; a
 * response that seems to come before its query gets no response time.
 */
public final class DnsTransactions {
    /** Default most queries awaiting a response, per worker. */
    public static final int DEFAULT_CAPACITY = 16_384;
    /** Default wait for a response: Packetbeat's DNS transaction timeout (resolvers retry well before it). */
    public static final long DEFAULT_TIMEOUT_NANOS = 10_000_000_000L;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int NONE = -1;

    private final int mask;
    private final long timeoutNanos;
    private final int[] buckets;
    private final int[] next;
    private final int[] flowKey;
    private final int[] epochKey;
    private final int[] idKey;
    private final int[] questionKey;
    private final long[] nameKey;
    private final long[] time;
    private final boolean[] pending;
    private int[] epochs = new int[1024];
    private int head;
    private int tail;
    private int size;
    private int pendingCount;
    private long unanswered;
    private long evicted;
    private long unmatched;

    /** A table with the default capacity and timeout. */
    public DnsTransactions() {
        this(DEFAULT_CAPACITY, DEFAULT_TIMEOUT_NANOS);
    }

    /**
     * A table.
     *
     * @param capacity     most pending queries, rounded up to a power of two
     * @param timeoutNanos packet time after which an unanswered query is forgotten
     */
    public DnsTransactions(int capacity, long timeoutNanos) {
        int n = Integer.highestOneBit(Math.max(capacity, 2) - 1) << 1;
        this.mask = n - 1;
        this.timeoutNanos = timeoutNanos;
        buckets = new int[2 * n];
        Arrays.fill(buckets, NONE);
        next = new int[n];
        flowKey = new int[n];
        epochKey = new int[n];
        idKey = new int[n];
        questionKey = new int[n];
        nameKey = new long[n];
        time = new long[n];
        pending = new boolean[n];
    }

    /** A flow slot was (re)used for a new flow: queries of the slot's previous flow can no longer be answered. */
    public void flowStarted(int flow) {
        if (flow >= epochs.length) {
            epochs = Arrays.copyOf(epochs, Math.max(flow + 1, 2 * epochs.length));
        }
        epochs[flow]++;
    }

    /**
     * Records a query or answers a response.
     *
     * @param flow          the flow slot
     * @param direction     0 or 1, the direction the message travelled in the flow
     * @param message       a decoded message
     * @param timestampNanos packet time
     * @return for a response matched to its query, the response time in nanoseconds (also set as the message's
     *         {@link DnsMessage#responseTimeNanos()}); otherwise -1
     */
    public long observe(int flow, int direction, DnsMessage message, long timestampNanos) {
        expire(timestampNanos);
        int oriented = 2 * flow + (message.isResponse() ? 1 - direction : direction);
        int epoch = flow < epochs.length ? epochs[flow] : 0;
        int question = message.hasQuestion() ? message.questionType() << 16 | message.questionClass() : NONE;
        long name = message.hasQuestion() ? nameHash(message) : 0;
        int found = find(oriented, epoch, message.id(), question, name);
        if (message.isResponse()) {
            if (found == NONE) {
                unmatched++;
                return -1;
            }
            unlink(found);
            long elapsed = timestampNanos - time[found];
            message.responseTimeNanos = elapsed >= 0 ? elapsed : -1;
            return message.responseTimeNanos;
        }
        if (found == NONE) {
            insert(oriented, epoch, message.id(), question, name, timestampNanos);
        }
        return -1;
    }

    /**
     * The capture ended at packet time {@code nowNanos}: the queries pending for the timeout or longer by then count
     * as unanswered, as a later message would have counted them; younger ones stay pending (their response may
     * have come after the capture). The count then depends only on the queries and responses, not on which messages
     * came after them: N workers sharing a file count what one does.
     */
    public void endOfCapture(long nowNanos) {
        expire(nowNanos);
    }

    /** Queries forgotten after the timeout without a response. */
    public long unanswered() {
        return unanswered;
    }

    /** Queries dropped unanswered because the table was full. */
    public long evicted() {
        return evicted;
    }

    /** Responses for which no query was pending (capture started late, query dropped, spoofed response). */
    public long unmatched() {
        return unmatched;
    }

    /** Queries awaiting a response. */
    public int pendingCount() {
        return pendingCount;
    }

    private void expire(long now) {
        while (size > 0 && (!pending[tail] || now - time[tail] >= timeoutNanos)) {
            if (pending[tail]) {
                unanswered++;
                unlink(tail);
            }
            pop();
        }
    }

    private void insert(int oriented, int epoch, int id, int question, long name, long now) {
        if (size == mask + 1) {
            if (pending[tail]) {
                evicted++;
                unlink(tail);
            }
            pop();
        }
        int s = head;
        head = (head + 1) & mask;
        size++;
        flowKey[s] = oriented;
        epochKey[s] = epoch;
        idKey[s] = id;
        questionKey[s] = question;
        nameKey[s] = name;
        time[s] = now;
        pending[s] = true;
        pendingCount++;
        int b = bucket(oriented, id, name);
        next[s] = buckets[b];
        buckets[b] = s;
    }

    private void pop() {
        tail = (tail + 1) & mask;
        size--;
    }

    private int find(int oriented, int epoch, int id, int question, long name) {
        for (int s = buckets[bucket(oriented, id, name)]; s != NONE; s = next[s]) {
            if (flowKey[s] == oriented && idKey[s] == id && epochKey[s] == epoch && questionKey[s] == question
                    && nameKey[s] == name) {
                return s;
            }
        }
        return NONE;
    }

    private void unlink(int slot) {
        pending[slot] = false;
        pendingCount--;
        int b = bucket(flowKey[slot], idKey[slot], nameKey[slot]);
        if (buckets[b] == slot) {
            buckets[b] = next[slot];
            return;
        }
        for (int s = buckets[b]; s != NONE; s = next[s]) {
            if (next[s] == slot) {
                next[s] = next[slot];
                return;
            }
        }
    }

    private int bucket(int oriented, int id, long name) {
        long h = (oriented * 0x9e3779b97f4a7c15L) ^ (id * 0xc2b2ae3d27d4eb4fL) ^ name;
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        return (int) (h ^ (h >>> 32)) & (buckets.length - 1);
    }

    /** FNV-1a over the question name's presentation text, ASCII letters folded to lower case. */
    private static long nameHash(DnsMessage message) {
        long h = FNV_OFFSET;
        for (int i = message.questionNameOffset; i < message.questionNameOffset + message.questionNameLength; i++) {
            char c = message.text[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            h = (h ^ c) * FNV_PRIME;
        }
        return h;
    }
}
