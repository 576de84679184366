package io.netzer.pipeline;

import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The analysis worker: pulls batches from one source, dissects each packet in place and hands it to the sinks.
 * The same loop serves files and live rings; nothing in it allocates per packet. One worker per thread.
 */
public final class Worker {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final PacketSource source;
    private final Dissector dissector;
    private final PacketSink[] sinks;
    /**
     * The first sink (null for none), handed each packet from a call site of its own, and the others from the
     * loop's. C2 inlines an interface call only where at most two classes were seen: one call site for all sinks
     * sees every sink class of the run (a flow stage, a packet writer and the line output with events) and the
     * AOT cache's training adds its own (pcap and NDJSON in one JVM), so the call stayed megamorphic and the
     * packet writer was compiled apart, seconds later. The first sink is the one of most work a packet (pcap
     * writer, packet writer or flow stage).
     */
    private final PacketSink first;
    private final PacketSink[] others;
    private final boolean dissect;
    private final PacketFilter filter;
    private final AtomicLong remaining;
    private final WorkerShare share;
    private final PacketBatch batch = new PacketBatch();
    private final Packet packet = new Packet();
    private volatile boolean stopRequested;
    private long packetsOut;
    private long packetsRejected;
    private long packetsPassed;

    /**
     * A worker.
     *
     * @param source      where packets come from
     * @param dissector   this worker's own dissector
     * @param sinks       where each packet goes, in order
     * @param filter      the in-process filter, or null when the kernel filters (or nothing does)
     * @param remaining   packets still to be handed out, shared by the workers of one capture (tcpdump's
     *                    {@code -c}); null for no limit
     */
    public Worker(PacketSource source, Dissector dissector, PacketSink[] sinks, PacketFilter filter,
            AtomicLong remaining) {
        this(source, dissector, sinks, filter, remaining, null);
    }

    /**
     * One of N workers that each read the whole of one file: it analyses the packets {@code share} gives it and lets
     * the others pass (their time still reaches the sinks, {@link PacketSink#passed}), before the filter and
     * before any dissection, so that every packet is filtered, counted and output by exactly one worker.
     *
     * @param share which packets are this worker's, or null for all of them
     */
    public Worker(PacketSource source, Dissector dissector, PacketSink[] sinks, PacketFilter filter,
            AtomicLong remaining, WorkerShare share) {
        this.share = share;
        this.source = source;
        this.dissector = dissector;
        this.sinks = sinks.clone();
        this.first = sinks.length > 0 ? sinks[0] : null;
        this.others = sinks.length > 0 ? Arrays.copyOfRange(sinks, 1, sinks.length) : sinks.clone();
        this.dissect = Arrays.stream(sinks).anyMatch(PacketSink::needsDissection);
        this.filter = filter;
        this.remaining = remaining;
    }

    /**
     * Runs until the source ends, the packet limit is reached or {@link #stop()} is called, then tells the sinks
     * that the capture ended and flushes them. Packets handed to the sinks before a source fault are flushed before the fault is thrown.
     *
     * @throws IOException when the source or a sink fails
     */
    public void run() throws IOException {
        try {
            while (!stopRequested && (remaining == null || remaining.get() > 0) && source.nextBatch(batch)) {
                if (process()) {
                    break;
                }
            }
        } finally {
            // Also after a fault of the source: the flows of the packets before it end and are output.
            try {
                endOfCapture();
            } finally {
                for (PacketSink sink : sinks) {
                    sink.flush();
                }
            }
        }
    }

    /** Tells the sinks that the capture ended, in rounds until none has more to output. */
    private void endOfCapture() throws IOException {
        boolean more = true;
        while (more) {
            more = false;
            for (PacketSink sink : sinks) {
                more |= sink.endOfCapture();
            }
        }
    }

    /** Processes the current batch; returns true once the packet limit is reached. */
    private boolean process() throws IOException {
        int count = batch.count();
        if (count == 0) {
            // A live source's poll timed out: time still passes for the sinks that keep time.
            long now = System.currentTimeMillis() * NANOS_PER_MILLI;
            for (PacketSink sink : sinks) {
                sink.idle(now);
            }
            return false;
        }
        for (int i = 0; i < count; i++) {
            batch.packet(i, packet);
            if (share != null && passedToAnother()) {
                continue;
            }
            if (filter != null && !filter.accepts(packet)) {
                packetsRejected++;
                continue;
            }
            if (remaining != null && remaining.getAndDecrement() <= 0) {
                return true;
            }
            if (dissect) {
                dissector.dissect(packet);
            }
            if (first != null) {
                first.accept(packet, dissector);
            }
            for (PacketSink sink : others) {
                sink.accept(packet, dissector);
            }
            packetsOut++;
        }
        for (PacketSink sink : sinks) {
            sink.endOfBatch();
        }
        return false;
    }

    /**
     * Whether the current packet is another worker's; if so its time reaches the sinks. Out of {@link #process}'s
     * loop, which a single worker runs as before (its compiled code and inlining unchanged by a branch never taken).
     */
    private boolean passedToAnother() throws IOException {
        if (share.owns(packet)) {
            return false;
        }
        packetsPassed++;
        long timestamp = packet.timestampNanos();
        for (PacketSink sink : sinks) {
            sink.passed(timestamp);
        }
        return true;
    }

    /** Asks the worker to stop after the current batch; safe from any thread (a signal handler's). */
    public void stop() {
        stopRequested = true;
    }

    /** Packets handed to the sinks so far. */
    public long packetsOut() {
        return packetsOut;
    }

    /** Packets the in-process filter rejected (none when the kernel filters). */
    public long packetsRejected() {
        return packetsRejected;
    }

    /** Packets left to the other workers that read the same file (none without a share). */
    public long packetsPassed() {
        return packetsPassed;
    }

    /** The in-process filter, or null. */
    public PacketFilter filter() {
        return filter;
    }

    /** The worker's dissector, for its decode counters. */
    public Dissector dissector() {
        return dissector;
    }
}
