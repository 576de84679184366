package io.netzer.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --workers N}: N live sources on one interface in one PACKET_FANOUT group in hash mode with IP
 * defragmentation, so that the kernel sends every packet of a flow (and every fragment of a datagram) to the same
 * socket. Each source has its own ring; the caller runs one worker per source, which reads that ring itself.
 *
 * <p>The group id is the process id's low 16 bits: fanout groups are per network namespace, and two captures on
 * the same host must not join each other's group.
 */
public final class LiveCaptureGroup implements AutoCloseable {
    private final List<LiveRingSource> sources;

    private LiveCaptureGroup(List<LiveRingSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Opens {@code workers} sources with {@code config} (one without fanout when {@code workers} is 1). */
    public static LiveCaptureGroup open(LiveRingConfig config, int workers) throws IOException {
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers: " + workers + " (expected 1 to 1024)");
        }
        int group = workers == 1 ? -1 : (int) (ProcessHandle.current().pid() & 0xffff);
        List<LiveRingSource> sources = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                sources.add(LiveRingSource.open(config, group));
            }
        } catch (IOException | RuntimeException e) {
            for (LiveRingSource source : sources) {
                try {
                    source.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new LiveCaptureGroup(sources);
    }

    /** The sources, one per worker. */
    public List<LiveRingSource> sources() {
        return sources;
    }

    /** Attaches the same classic BPF program ({@code tcpdump -dd} numbers) to every source, before {@link #start}. */
    public void attachFilter(int[] instructions) throws IOException {
        for (LiveRingSource source : sources) {
            source.attachFilter(instructions);
        }
    }

    /** Binds every source and joins them to the fanout group. */
    public void start() throws IOException {
        for (LiveRingSource source : sources) {
            source.start();
        }
    }

    /** Makes every source's {@code nextBatch} return false; safe from any thread. */
    public void stop() {
        sources.forEach(LiveRingSource::stop);
    }

    /** The kernel's counters of all sources, summed. */
    public SourceStatistics statistics() {
        long received = 0;
        long dropped = 0;
        long freezes = 0;
        for (LiveRingSource source : sources) {
            SourceStatistics s = source.statistics();
            received += s.received();
            dropped += s.dropped();
            freezes += s.freezes();
        }
        return new SourceStatistics(received, dropped, freezes);
    }

    /** The ring counters of all sources, summed. */
    public RingStatistics ringStatistics() {
        RingStatistics sum = RingStatistics.NONE;
        for (LiveRingSource source : sources) {
            sum = sum.plus(source.ringStatistics());
        }
        return sum;
    }

    /** Closes every source (each reads its counters a last time first). */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (LiveRingSource source : sources) {
            try {
                source.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
