package io.netzer.cli;

import io.netzer.capture.PacketSource;
import io.netzer.export.EventSink;
import io.netzer.export.NdjsonPacketSink;
import io.netzer.export.PacketSink;
import io.netzer.export.PcapWriter;
import io.netzer.export.RotatingPcapWriter;
import io.netzer.export.SharedOutput;
import io.netzer.export.TextPacketSink;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.AppInspector;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What the options ask to be written, and the sinks that write it: one set of sinks per worker, all sharing one
 * text or NDJSON output. Outputs are opened before privileges are dropped (a file in a root-owned directory
 * stays writable through its open descriptor).
 */
final class Outputs implements AutoCloseable {
    private final NetzerCommand options;
    private final EventChoice events;
    private final List<AppInspector> inspectors = new ArrayList<>();
    private final SharedOutput shared;
    private final boolean terminal;
    private final long rotateBytes;
    private final long rotateSeconds;
    private PcapWriter pcapWriter;
    private RotatingPcapWriter rotatingWriter;
    private int pcapLinkType;

    Outputs(NetzerCommand options, OutputStream stdout) throws IOException {
        this.options = options;
        boolean pcapToStdout = options.writeFile != null && options.writeFile.toString().equals("-");
        this.events = EventChoice.of(options.events);
        boolean textOrJson = options.writeFile == null || options.output != null || options.jsonOutput()
                || options.format != null || events.any();
        boolean toStdout = options.output == null || options.output.equals("-");
        if (pcapToStdout && textOrJson && toStdout) {
            throw new UsageException("-w - writes pcap to stdout: send text or NDJSON elsewhere with --output FILE");
        }
        if (!textOrJson) {
            shared = null;
        } else if (toStdout) {
            shared = new SharedOutput(stdout, false);
        } else {
            shared = new SharedOutput(Files.newOutputStream(Path.of(options.output)), true);
        }
        terminal = shared != null && toStdout && System.console() != null && System.console().isTerminal();
        rotateBytes = options.rotateSize == null ? 0 : UsageCheck.size("--rotate-size", options.rotateSize);
        rotateSeconds = options.rotateSeconds == null ? 0 : options.rotateSeconds;
        if (rotateSeconds < 0) {
            throw new UsageException("--rotate-seconds: expected a positive number of seconds, got " + rotateSeconds);
        }

    }

    /**
     * The sinks of one worker reading {@code source}.
     *
     * @param live whether packets arrive live (then every batch is written out at once)
     */
    PacketSink[] sinksFor(PacketSource source, boolean live) throws IOException {
        List<PacketSink> sinks = new ArrayList<>();
        if (options.writeFile != null) {
            if (pcapWriter != null || rotatingWriter != null) {
                throw new UsageException("not available yet: -w with more than one worker");
            }
            pcapLinkType = source.linkType();
            if (rotates()) {
                rotatingWriter = RotatingPcapWriter.open(options.writeFile, rotateBytes, rotateSeconds,
                        source.linkType(), source.snapshotLength(), source.nanosecondTimestamps(),
                        ZoneId.systemDefault());
                sinks.add(rotatingWriter);
            } else {
                pcapWriter = PcapWriter.open(options.writeFile, source.linkType(), source.snapshotLength(),
                        source.nanosecondTimestamps());
                sinks.add(pcapWriter);
            }
        }
        if (shared != null) {
            boolean flushEachBatch = live || terminal;
            PacketSink sink;
            if (options.jsonOutput()) {
                sink = new NdjsonPacketSink(shared, Hostname.get(), source::interfaceName, flushEachBatch,
                        events.packets());
            } else {
                boolean colour = terminal && System.getenv("NO_COLOR") == null;
                long zoneOffset = ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds();
                sink = new TextPacketSink(shared, colour, options.quick, flushEachBatch, zoneOffset, false,
                        events.packets());
            }
            sinks.add(sink);
            if (events.any()) {
                sinks.add(0, flowStage((EventSink) sink));
            }
        }
        return sinks.toArray(PacketSink[]::new);
    }

    /**
     * The flow stage a worker runs first when flow or app events are asked: it feeds an {@link AppInspector}
     * (when tls, dns or http is asked) and reports flows (when flow is asked), both to {@code sink}.
     */
    private FlowStage flowStage(EventSink sink) {
        EventSink[] eventSinks = {sink};
        StreamListener[] streams = {};
        if (events.appLayer() != 0) {
            AppInspector inspector = new AppInspector(eventSinks, events.appLayer());
            inspectors.add(inspector);
            streams = new StreamListener[] {inspector};
        }
        FlowEventListener flows = events.flows() ? new FlowEvents(eventSinks) : FlowEventListener.NONE;
        return new FlowStage(FlowConfig.defaults(), streams, flows);
    }

    /** The app inspectors of the workers, for their counters at exit. */
    List<AppInspector> inspectors() {
        return inspectors;
    }

    private boolean rotates() {
        return rotateBytes > 0 || rotateSeconds > 0;
    }

    /** Packets {@code -w} could not write: of another link type than the file's. */
    long pcapSkipped() {
        return pcapWriter != null ? pcapWriter.packetsSkipped()
                : rotatingWriter != null ? rotatingWriter.packetsSkipped() : 0;
    }

    /** The link type {@code -w} files declare (meaningful with {@code -w}). */
    int pcapLinkType() {
        return pcapLinkType;
    }

    /** Writes out what the shared text or NDJSON output holds (the sinks have flushed into it). */
    void flush() throws IOException {
        if (shared != null) {
            shared.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (shared != null) {
            shared.closeUnderlying();
        }
    }
}
