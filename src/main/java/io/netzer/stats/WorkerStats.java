package io.netzer.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one analysis worker. The worker is the only writer: it counts in plain fields on the packet
 * path and {@link #publish() publishes} them with release stores once per batch, so readers on other threads
 * (the sampler, the metrics scrape) see consistent, monotonic values through acquire loads without any lock and
 * without slowing the packet path. The worker's {@link TopTalkers} are published as an immutable snapshot at
 * most {@link #TALKER_PUBLISH_NANOS} apart, so the packet path never allocates.
 */
public final class WorkerStats {
    /** How often the worker copies its top talkers for readers. */
    public static final long TALKER_PUBLISH_NANOS = 500_000_000L;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PACKETS = 0;
    private static final int BYTES = 1;
    private static final int BATCHES = 2;
    private static final int PROTOCOL_PACKETS = 3;
    private static final int PROTOCOL_BYTES = PROTOCOL_PACKETS + ProtocolMix.COUNT;
    private static final int DECODE_ERRORS = PROTOCOL_BYTES + ProtocolMix.COUNT;

    private final long[] local;
    private final long[] published;
    private final int decodeReasons;
    private final TopTalkers talkers;
    private volatile TopTalkers.Snapshot talkerSnapshot = TopTalkers.Snapshot.EMPTY;
    private long lastTalkerPublish;

    /**
     * Counters for one worker.
     *
     * @param decodeReasons how many decode-error reasons {@link #decodeErrors} carries
     * @param talkerSlots   how many addresses the worker's top-talker summary tracks
     */
    public WorkerStats(int decodeReasons, int talkerSlots) {
        this.decodeReasons = decodeReasons;
        this.local = new long[DECODE_ERRORS + decodeReasons];
        this.published = new long[local.length];
        this.talkers = new TopTalkers(talkerSlots);
    }

    /** Worker: counts one packet of {@code wireLength} bytes of protocol class {@code protocol}. */
    public void packet(long wireLength, int protocol) {
        long[] l = local;
        l[PACKETS]++;
        l[BYTES] += wireLength;
        l[PROTOCOL_PACKETS + protocol]++;
        l[PROTOCOL_BYTES + protocol] += wireLength;
    }

    /** Worker: the top-talker summary it updates for each packet. */
    public TopTalkers talkers() {
        return talkers;
    }

    /** Worker: sets the cumulative count of decode errors for reason {@code ordinal} (the dissector's count). */
    public void decodeErrors(int ordinal, long count) {
        local[DECODE_ERRORS + ordinal] = count;
    }

    /**
     * Worker, once per batch: makes the counters visible to readers, and every {@link #TALKER_PUBLISH_NANOS} the
     * top talkers (the only allocation, a few kilobytes twice a second).
     *
     * @param nowNanos {@link System#nanoTime()}
     */
    public void publish(long nowNanos) {
        long[] l = local;
        l[BATCHES]++;
        for (int i = 0; i < l.length; i++) {
            LONGS.setRelease(published, i, l[i]);
        }
        if (nowNanos - lastTalkerPublish >= TALKER_PUBLISH_NANOS) {
            publishTalkers(nowNanos);
        }
    }

    /** Worker, at its end: publishes everything now. */
    public void publishAll(long nowNanos) {
        publish(nowNanos);
        publishTalkers(nowNanos);
    }

    private void publishTalkers(long nowNanos) {
        lastTalkerPublish = nowNanos;
        talkerSnapshot = talkers.snapshot();
    }

    /** Packets counted (any thread). */
    public long packets() {
        return read(PACKETS);
    }

    /** Bytes on the wire counted (any thread). */
    public long bytes() {
        return read(BYTES);
    }

    /** Batches the worker finished: its heartbeat, which advances while it runs even without traffic. */
    public long batches() {
        return read(BATCHES);
    }

    /** Packets of protocol class {@code protocol} (any thread). */
    public long protocolPackets(int protocol) {
        return read(PROTOCOL_PACKETS + protocol);
    }

    /** Bytes of protocol class {@code protocol} (any thread). */
    public long protocolBytes(int protocol) {
        return read(PROTOCOL_BYTES + protocol);
    }

    /** Decode errors for reason {@code ordinal} (any thread). */
    public long decodeErrors(int ordinal) {
        return read(DECODE_ERRORS + ordinal);
    }

    /** How many decode-error reasons there are. */
    public int decodeReasons() {
        return decodeReasons;
    }

    /** The top talkers as last published (any thread). */
    public TopTalkers.Snapshot talkerSnapshot() {
        return talkerSnapshot;
    }

    private long read(int index) {
        return (long) LONGS.getAcquire(published, index);
    }
}
