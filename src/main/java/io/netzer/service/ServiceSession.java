package io.netzer.service;

import io.netzer.capture.RingStatistics;
import io.netzer.capture.SourceStatistics;
import io.netzer.dissect.DecodeStatus;
import io.netzer.pipeline.FlowStage;
import io.netzer.stats.PanelSampler;
import io.netzer.stats.PanelSnapshot;
import io.netzer.stats.ProgressWatch;
import io.netzer.stats.StatsSampler;
import io.netzer.stats.StatsSnapshot;
import io.netzer.stats.WorkerStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * A capture as service mode shows it: what is captured, the statistics sampled once a second, the event streams,
 * readiness and liveness. The command line builds it around a live capture; the web layer only reads it. Plain
 * Java: the web layer adapts it to routes, health checks and meters.
 */
public final class ServiceSession implements AutoCloseable {
    private final CaptureInfo info;
    private final CaptureProbe probe;
    private final StatsSampler sampler;
    private final PanelSampler panels;
    private final List<WorkerStats> workers;
    private final List<FlowStage> flowStages = new CopyOnWriteArrayList<>();
    private final EventFanout fanout;
    private final List<ProgressWatch> workerWatches = new ArrayList<>();
    private final long startedMillis = System.currentTimeMillis();
    private final ScheduledExecutorService ticker;
    private volatile Credentials credentials;
    private volatile Health health = new Health(true, "starting");
    private volatile SourceStatistics kernel = new SourceStatistics(0, 0, 0);
    private final long[] received;
    private final long[] lastReceived;

    /**
     * What is captured, as the dashboard shows it.
     *
     * @param interfaceName      the interface (or {@code any})
     * @param linkType           the link type's name
     * @param filter             the capture filter, or null
     * @param snapshotLength     bytes kept of each packet
     * @param promiscuous        whether the interface is in promiscuous mode
     * @param blockSize          ring block size in bytes
     * @param blockCount         ring blocks
     * @param blockTimeoutMillis ring block timeout
     * @param workers            sockets in the fanout group, one worker each
     */
    public record CaptureInfo(String interfaceName, String linkType, String filter, int snapshotLength,
            boolean promiscuous, int blockSize, int blockCount, int blockTimeoutMillis, int workers) {
    }

    /** Who NetZer runs as after the privilege drop. */
    public record Credentials(String user, int uid, int gid) {
    }

    /** Liveness: whether every worker advances, and if not, which one and why. */
    public record Health(boolean live, String reason) {
    }

    /** What the session reads of the capture; implemented over the live sources (or a test's stand-in). */
    public interface CaptureProbe {
        /** How many sources (sockets, one worker each). */
        int sources();

        /** The ring counters of source {@code i}. */
        RingStatistics ring(int i);

        /** The kernel's counters of source {@code i}. */
        SourceStatistics kernel(int i);
    }

    /**
     * A session; {@link #start} begins sampling.
     *
     * @param stallNanos how long a thread may not advance while work waits before liveness is DOWN
     */
    public ServiceSession(CaptureInfo info, CaptureProbe probe, List<WorkerStats> workers, EventFanout fanout,
            long stallNanos) {
        this.info = info;
        this.probe = probe;
        this.workers = List.copyOf(workers);
        this.fanout = fanout;
        this.sampler = new StatsSampler(workers,
                Arrays.stream(DecodeStatus.values()).map(DecodeStatus::reason).toList(), fanout.names());
        this.panels = new PanelSampler(fanout.outcomes(), new LiveFlowFeed(flowStages, fanout.flows()));
        for (int i = 0; i < probe.sources(); i++) {
            workerWatches.add(new ProgressWatch(stallNanos));
        }
        received = new long[probe.sources()];
        lastReceived = new long[probe.sources()];
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "netzer-stats");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling once a second (statistics, kernel counters, liveness). */
    public void start() {
        ticker.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    /** Takes one sample now (the ticker's job; tests call it to avoid waiting). */
    public synchronized void tick() {
        try {
            long packets = 0;
            long dropped = 0;
            long freezes = 0;
            for (int i = 0; i < received.length; i++) {
                SourceStatistics source = probe.kernel(i);
                received[i] = source.received();
                packets += source.received();
                dropped += source.dropped();
                freezes += source.freezes();
            }
            kernel = new SourceStatistics(packets, dropped, freezes);
        } catch (RuntimeException e) {
            // the sockets are closing: keep the last counters
        }
        long now = System.currentTimeMillis();
        sampler.sample(now);
        panels.sample(now, kernel.dropped(), eventsDropped());
        health = evaluateHealth(System.nanoTime());
    }

    /**
     * A worker is stalled when it has given no ring block back for the stall time while the kernel kept receiving
     * packets for its socket (each source's own count: with fanout, one socket may get no traffic at all). A block
     * with packets is closed within its timeout, so a worker that advances returns one at least that often.
     */
    private Health evaluateHealth(long now) {
        for (int i = 0; i < received.length; i++) {
            boolean kernelAdvanced = received[i] != lastReceived[i];
            lastReceived[i] = received[i];
            if (workerWatches.get(i).update(now, probe.ring(i).blocksReturned(), kernelAdvanced)) {
                return new Health(false, "worker " + i + " stopped advancing while the kernel received packets");
            }
        }
        return new Health(true, credentials == null ? "starting" : "capturing");
    }

    /** Called once the sockets are open, privileges dropped and the workers running: readiness goes UP. */
    public void ready(Credentials who) {
        credentials = who;
    }

    /** Whether the capture is ready (readiness). */
    public boolean isReady() {
        return credentials != null;
    }

    /** Who NetZer runs as, or null before the drop. */
    public Credentials credentials() {
        return credentials;
    }

    /** Liveness as of the last sample. */
    public Health health() {
        return health;
    }

    /** What is captured. */
    public CaptureInfo info() {
        return info;
    }

    /** The latest statistics. */
    public StatsSnapshot snapshot() {
        return sampler.latest();
    }

    /** The dashboard's on-call panels as of the last sample. */
    public PanelSnapshot panels() {
        return panels.latest();
    }

    /** Events dropped for stream clients that fell behind (every kind but the dashboard's own reader). */
    private long eventsDropped() {
        long sum = 0;
        for (var dropped : fanout.droppedByKind().entrySet()) {
            if (!dropped.getKey().equals(EventFanout.DASHBOARD)) {
                sum += dropped.getValue();
            }
        }
        return sum;
    }

    /** The kernel's counters as of the last sample. */
    public SourceStatistics kernel() {
        return kernel;
    }

    /** The ring counters of all sources, summed. */
    public RingStatistics ring() {
        RingStatistics sum = RingStatistics.NONE;
        for (int i = 0; i < probe.sources(); i++) {
            sum = sum.plus(probe.ring(i));
        }
        return sum;
    }

    /** Adds a worker's flow stage, whose published counts the snapshot and the metrics report. */
    public void addFlowStage(FlowStage stage) {
        flowStages.add(stage);
    }

    /** Whether the workers track flows (then the flow counts below mean something). */
    public boolean tracksFlows() {
        return !flowStages.isEmpty();
    }

    /** The sum over the workers' flow stages of one published count (0 without flow tracking). */
    public long flowCount(ToLongFunction<FlowStage> count) {
        long sum = 0;
        for (FlowStage stage : flowStages) {
            sum += count.applyAsLong(stage);
        }
        return sum;
    }

    /** The workers' counters (read live by the metrics). */
    public List<WorkerStats> workers() {
        return workers;
    }

    /** The event streams. */
    public EventFanout fanout() {
        return fanout;
    }

    /** When the session started (epoch milliseconds). */
    public long startedMillis() {
        return startedMillis;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
