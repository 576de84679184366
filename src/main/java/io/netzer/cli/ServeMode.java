package io.netzer.cli;

import io.netzer.capture.LiveCaptureGroup;
import io.netzer.capture.LiveRingConfig;
import io.netzer.capture.LiveRingSource;
import io.netzer.capture.PrivilegeDrop;
import io.netzer.capture.RingStatistics;
import io.netzer.capture.SourceStatistics;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.LinkType;
import io.netzer.export.LineTap;
import io.netzer.filter.CompileOptions;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowStage;
import io.netzer.pipeline.PacketSink;
import io.netzer.service.EventFanout;
import io.netzer.service.ServiceSession;
import io.netzer.service.StatsSink;
import io.netzer.stats.WorkerStats;
import io.netzer.web.ServiceState;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code --serve}: wires a live capture to the web layer. Each worker gets a {@link StatsSink}, a tap on its
 * NDJSON lines and a tap on its packets for pcap clients; the {@link ServiceSession} is attached to the web layer before the privilege drop (startup UP)
 * and marked ready once the workers run unprivileged (readiness UP).
 */
final class ServeMode implements AutoCloseable {
    private static final int TALKER_SLOTS = 64;

    private final ServiceState state;
    private final EventFanout fanout;
    private final List<WorkerStats> workerStats = new ArrayList<>();
    private final LiveCaptureGroup group;
    private ServiceSession session;

    private ServeMode(ServiceState state, LiveCaptureGroup group, CompileOptions compileOptions) {
        this.state = state;
        this.group = group;
        this.fanout = new EventFanout(group.sources().get(0).linkType(), compileOptions);
    }

    /** Service mode for {@code group}; refused outside the packaged application (no web layer to serve from). */
    static ServeMode open(LiveCaptureGroup group, CompileOptions compileOptions) {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            throw new UsageException("--serve runs in the packaged application (./netzer), not in this launcher");
        }
        return new ServeMode(container.instance(ServiceState.class).get(), group, compileOptions);
    }

    /** The tap for the next worker's NDJSON lines. */
    LineTap tap() {
        return fanout.tap();
    }

    /** The typed event sink of the next worker: counts the events produced and feeds the dashboard's names. */
    EventSink events() {
        return fanout.events();
    }

    /** Appends the next worker's statistics sink and its tap for {@code /api/v1/pcap} clients to its sinks. */
    PacketSink[] withStats(PacketSink[] sinks) {
        WorkerStats stats = new WorkerStats(DecodeStatus.values().length, TALKER_SLOTS);
        workerStats.add(stats);
        PacketSink[] all = Arrays.copyOf(sinks, sinks.length + 2);
        all[sinks.length] = new StatsSink(stats);
        all[sinks.length + 1] = fanout.pcapTap();
        return all;
    }

    /**
     * Attaches the session to the web layer and starts sampling (the sockets are open: startup is UP).
     *
     * @param flowStages the workers' flow stages, whose published counts the session reports
     */
    void attach(String filter, List<FlowStage> flowStages) {
        LiveRingSource first = group.sources().get(0);
        LiveRingConfig config = first.config();
        ServiceSession.CaptureInfo info = new ServiceSession.CaptureInfo(config.interfaceName(),
                LinkType.name(first.linkType()), filter, config.snapshotLength(), config.promiscuous(),
                config.blockSize(), config.blockCount(), config.blockTimeoutMillis(), group.sources().size());
        session = new ServiceSession(info, new GroupProbe(group), workerStats, fanout,
                state.config().livenessStall().toNanos());
        flowStages.forEach(session::addFlowStage);
        state.attach(session);
        session.start();
    }

    /** Readiness UP: privileges dropped and the workers started. */
    void ready(PrivilegeDrop.Credentials who) {
        session.ready(new ServiceSession.Credentials(who.user(), who.uid(), who.gid()));
    }

    /** Where the dashboard and the health endpoints listen, for the start-up line on stderr. */
    static String addresses() {
        var config = ConfigProvider.getConfig();
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("127.0.0.1");
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(7070);
        int management = config.getOptionalValue("quarkus.management.port", Integer.class).orElse(9000);
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "dashboard and API on http://" + shown + ":" + port + "/, health and metrics on port " + management
                + " (/q/health, /q/metrics)";
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    /** The session's view of the live sources. */
    private record GroupProbe(LiveCaptureGroup group) implements ServiceSession.CaptureProbe {
        @Override
        public int sources() {
            return group.sources().size();
        }

        @Override
        public RingStatistics ring(int i) {
            return group.sources().get(i).ringStatistics();
        }

        @Override
        public SourceStatistics kernel(int i) {
            return group.sources().get(i).statistics();
        }
    }
}
