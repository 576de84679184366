package io.netzer.web;

import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketSource;
import io.netzer.capture.RingStatistics;
import io.netzer.capture.SourceStatistics;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.export.LineOutput;
import io.netzer.export.NdjsonEventSink;
import io.netzer.export.NdjsonPacketSink;
import io.netzer.filter.CompileOptions;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.StreamListener;
import io.netzer.inspect.AppInspector;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.pipeline.PacketSink;
import io.netzer.pipeline.Worker;
import io.netzer.service.EventFanout;
import io.netzer.service.ServiceSession;
import io.netzer.service.StatsSink;
import io.netzer.stats.WorkerStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The web layer's beans with a running capture, without root: a {@link ServiceSession} over a capture file that
 * the same worker, sinks and tap as live capture replay on demand. How the {@code @QuarkusTest} tests feed the
 * endpoints (the picocli main does not run under {@code @QuarkusTest}; the live path is covered by the ITs).
 */
final class ReplayedCapture implements AutoCloseable {
    static final String INTERFACE = "replay0";

    private final Path file;
    private final WorkerStats stats = new WorkerStats(DecodeStatus.values().length, 64);
    private final Dissector dissector = new Dissector();
    private final EventFanout fanout;
    private final ServiceSession session;

    ReplayedCapture(Path file, ServiceState state) throws IOException {
        this.file = file;
        int linkType;
        try (PacketSource source = CaptureFiles.open(file)) {
            linkType = source.linkType();
        }
        fanout = new EventFanout(linkType, CompileOptions.forFile());
        ServiceSession.CaptureInfo info = new ServiceSession.CaptureInfo(INTERFACE, "EN10MB", null, 262144, true,
                1 << 22, 64, 10, 1);
        session = new ServiceSession(info, new Probe(stats), List.of(stats), fanout, 10_000_000_000L);
        state.attach(session);
        session.ready(new ServiceSession.Credentials("nobody", 65534, 65534));
        session.tick();
    }

    /**
     * Runs the file's packets through the worker once, then samples: the flow stage with the app inspector, the
     * NDJSON writers over a tapped line output, the fan-out's typed events, the statistics and the pcap tap, as
     * service mode has.
     */
    synchronized void replay() throws IOException {
        try (PacketSource source = CaptureFiles.open(file)) {
            LineOutput lines = new LineOutput(null, "test-host", index -> INTERFACE, true, fanout.tap());
            EventSink[] events = {new NdjsonEventSink(lines), fanout.events()};
            AppInspector inspector = new AppInspector(events, AppInspector.TLS | AppInspector.DNS | AppInspector.HTTP);
            FlowStage flows = new FlowStage(FlowConfig.defaults(), new StreamListener[] {inspector},
                    new FlowEvents(events));
            PacketSink[] sinks = {flows, new NdjsonPacketSink(lines), lines, new StatsSink(stats), fanout.pcapTap()};
            new Worker(source, dissector, sinks, null, null).run();
        }
        session.tick();
    }

    ServiceSession session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
    }

    /** A file has no ring: the kernel's count is what the worker read. */
    private record Probe(WorkerStats stats) implements ServiceSession.CaptureProbe {
        @Override
        public int sources() {
            return 1;
        }

        @Override
        public RingStatistics ring(int i) {
            return RingStatistics.NONE;
        }

        @Override
        public SourceStatistics kernel(int i) {
            return new SourceStatistics(stats.packets(), 0, 0);
        }
    }
}
