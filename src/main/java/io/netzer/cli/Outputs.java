package io.netzer.cli;

import io.netzer.capture.PacketSource;
import io.netzer.capture.PrivilegeDrop;
import io.netzer.defrag.DefragConfig;
import io.netzer.defrag.DefragStatistics;
import io.netzer.export.BlockFlushingSink;
import io.netzer.export.LineOutput;
import io.netzer.export.LineTap;
import io.netzer.export.NdjsonEventSink;
import io.netzer.export.NdjsonPacketSink;
import io.netzer.export.PcapWriter;
import io.netzer.export.RotatingPcapWriter;
import io.netzer.export.SharedOutput;
import io.netzer.export.StreamFiles;
import io.netzer.export.TextPacketSink;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.FlowStatistics;
import io.netzer.flow.StreamListener;
import io.netzer.inspect.AppInspector;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.pipeline.PacketSink;
import io.netzer.sys.Libc;
import java.io.IOException;
import java.io.OutputStream;
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
    private static final List<String> SERVE_EVENTS = List.of("packet", "flow", "tls", "dns", "http");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MIN_DEFRAG_MEMORY = 2048;

    private final EventChoice events;
    private final List<AppInspector> inspectors = new ArrayList<>();
    private final SharedOutput shared;
    private final boolean terminal;
    private final long rotateBytes;
    private final long rotateSeconds;
    private final int workerCount;
    private final List<PcapWriter> pcapWriters = new ArrayList<>();
    private int pcapWritersHanded;
    private RotatingPcapWriter rotatingWriter;
    private int pcapLinkType;
    private final List<FlowStage> flowStages = new ArrayList<>();
    private final List<StreamFiles> streamFiles = new ArrayList<>();

    Outputs(NetzerCommand options, OutputStream stdout) throws IOException {
        this.options = options;
        this.workerCount = options.workers == null ? 1 : options.workers;
        boolean pcapToStdout = options.writeFile != null && options.writeFile.toString().equals("-");
        // Service mode without --events produces every event type for its streams and dashboard.
        this.events = EventChoice.of(options.serve && options.events.isEmpty() ? SERVE_EVENTS : options.events);
        // With --serve, stdout stays quiet unless an output is asked for: a service is watched on its dashboard;
        // with -w or --dump-streams, the files are the output unless events are asked for.
        boolean asked = options.output != null || options.jsonOutput() || options.format != null;
        boolean textOrJson = asked
                || !options.serve && (options.writeFile == null && options.dumpStreams == null || events.any())
                || options.tcpdump.print;
        boolean toStdout = options.output == null || options.output.equals("-");
        if (pcapToStdout && textOrJson && toStdout) {
            throw new UsageException("-w - writes pcap to stdout: send text or NDJSON elsewhere with --output FILE");
        }
        if (!textOrJson) {
            shared = null;
        } else if (toStdout) {
            shared = new SharedOutput(stdout, false);
        } else {
            shared = SharedOutput.toFile(Path.of(options.output));
        }
        terminal = shared != null && toStdout && System.console() != null && System.console().isTerminal();
        Long tcpdumpBytes = options.tcpdump.rotateBytes();
        rotateBytes = options.rotateSize != null ? UsageCheck.size("--rotate-size", options.rotateSize)
                : tcpdumpBytes != null ? tcpdumpBytes : 0;
        rotateSeconds = options.rotateSeconds != null ? options.rotateSeconds
                : options.tcpdump.rotateSeconds != null ? options.tcpdump.rotateSeconds : 0;
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
        return sinksFor(source, live, null, null);
    }

    /**
     * The sinks of one worker, whose NDJSON event lines {@code tap} also sees and whose typed events
     * {@code serviceEvents} also hears (service mode; both null otherwise): the NDJSON output feeds the tap, so
     * each event is encoded once; without NDJSON output, an output that writes nowhere else encodes lines only
     * while the tap has listeners.
     */
    PacketSink[] sinksFor(PacketSource source, boolean live, LineTap tap, EventSink serviceEvents)
            throws IOException {
        List<PacketSink> sinks = new ArrayList<>();
        List<EventSink> eventSinks = new ArrayList<>();
        boolean tapped = false;
        if (options.writeFile != null) {
            if (rotatingWriter != null) {
                throw new UsageException("not available yet: rotating -w files (-C, -G) with more than one worker");
            }
            pcapLinkType = source.linkType();
            boolean nanosecond = options.tcpdump.precision == null ? source.nanosecondTimestamps()
                    : options.tcpdump.nanosecondTime();
            if (rotates()) {
                rotatingWriter = RotatingPcapWriter.open(options.writeFile, rotateBytes, rotateSeconds,
                        source.linkType(), source.snapshotLength(), nanosecond, ZoneId.systemDefault(),
                        fileCreator(live), rotateBytes > 0 ? fileCount() : 0, rotateBytes > 0 ? 0 : fileCount(),
                        StopSignals::request);
                sinks.add(options.tcpdump.packetBuffered ? new BlockFlushingSink(rotatingWriter) : rotatingWriter);
            } else {
                PcapWriter writer = pcapWriter(source, nanosecond);
                sinks.add(options.tcpdump.packetBuffered ? new BlockFlushingSink(writer) : writer);
            }
        }
        if (shared != null) {
            boolean flushEachBatch = live || terminal || options.tcpdump.lineBuffered;
            if (options.jsonOutput()) {
                ndjson(new LineOutput(shared, Hostname.get(), source::interfaceName, flushEachBatch, tap),
                        events.packets(), sinks, eventSinks);
                tapped = true;
            } else {
                boolean colour = terminal && System.getenv("NO_COLOR") == null;
                long zoneOffset = ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds();
                TextPacketSink text = new TextPacketSink(shared, colour, options.quick, flushEachBatch, zoneOffset,
                        options.tcpdump.textOptions(), events.packets());
                sinks.add(text);
                eventSinks.add(text);
            }
        }
        if (tap != null && !tapped) {
            ndjson(new LineOutput(null, Hostname.get(), source::interfaceName, true, tap), true, sinks, eventSinks);
        }
        if (serviceEvents != null) {
            eventSinks.add(serviceEvents);
        }
        FlowStage flows = flowStage(eventSinks.toArray(EventSink[]::new));
        if (flows != null) {
            sinks.add(0, flows);
        }
        return sinks.toArray(PacketSink[]::new);
    }

    /**
     * The next worker's {@code -w} writer: the file's only writer for one worker; for N, one of N writers that share
     * the file ({@link PcapWriter#openShared}), all made with the first.
     */
    private PcapWriter pcapWriter(PacketSource source, boolean nanosecond) throws IOException {
        if (pcapWriters.isEmpty()) {
            if (workerCount == 1) {
                pcapWriters.add(PcapWriter.open(options.writeFile, source.linkType(), source.snapshotLength(),
                        nanosecond));
            } else {
                pcapWriters.addAll(PcapWriter.openShared(options.writeFile, workerCount, source.linkType(),
                        source.snapshotLength(), nanosecond));
            }
        }
        return pcapWriters.get(pcapWritersHanded++);
    }

    /** Records the {@code -w} writers wrote or left out on purpose (another link type, too long). */
    private long pcapHandled() {
        long handled = 0;
        for (PcapWriter writer : pcapWriters) {
            handled += writer.packetsWritten() + writer.packetsSkipped();
        }
        return handled;
    }

    /** The NDJSON writers of one worker over {@code lines}: packet events when asked, and the other events. */
    private static void ndjson(LineOutput lines, boolean packets, List<PacketSink> sinks, List<EventSink> events) {
        if (packets) {
            sinks.add(new NdjsonPacketSink(lines));
        }
        sinks.add(lines);
        events.add(new NdjsonEventSink(lines));
    }

    /**
     * The flow stage of one worker, or null when no option needs flows: it goes first among the worker's sinks,
     * with a stream listener per stream output ({@code --dump-streams}), the {@link AppInspector} when tls, dns or
     * http events are asked, and the flow events when flow is asked; events go to {@code eventSinks} (the text or
     * NDJSON sink, the service's event feed; none when there is neither).
     */
    private FlowStage flowStage(EventSink[] eventSinks) throws IOException {
        List<StreamListener> streams = new ArrayList<>();
        FlowConfig config = flowConfig();
        if (options.dumpStreams != null) {
            StreamFiles files = new StreamFiles(options.dumpStreams);
            streamFiles.add(files);
            streams.add(files);
            // Whole streams, as tcpflow writes them: the depth only limits what app parsers are handed.
            config = config.withStreamDepth(Long.MAX_VALUE);
        }
        if (events.appLayer() != 0 && eventSinks.length > 0) {
            AppInspector inspector = new AppInspector(eventSinks, events.appLayer(), AppInspector.INITIAL_SLOTS,
                    inspectBuffers(), AppInspector.DEFAULT_MAX_QUIC_CONNECTIONS);
            inspectors.add(inspector);
            streams.add(inspector);
        }
        boolean flowEvents = events.flows() && eventSinks.length > 0;
        if (streams.isEmpty() && !flowEvents) {
            return null;
        }
        FlowStage stage = new FlowStage(config, defragConfig(), streams.toArray(StreamListener[]::new),
                flowEvents ? new FlowEvents(eventSinks) : FlowEventListener.NONE, options.serve);
        flowStages.add(stage);
        return stage;
    }

    /** The flow stages of the workers so far, whose published counts service mode reports. */
    List<FlowStage> flowStages() {
        return flowStages;
    }

    /** The app inspectors of the workers, for their counters at exit. */
    List<AppInspector> inspectors() {
        return inspectors;
    }

    /** The advanced {@code --inspect-buffers}, or the default pool of stream buffers. */
    private int inspectBuffers() {
        if (options.inspectBuffers == null) {
            return AppInspector.DEFAULT_MAX_BUFFERS;
        }
        if (options.inspectBuffers < 1) {
            throw new UsageException("--inspect-buffers: expected at least 1 buffer, got " + options.inspectBuffers);
        }
        return options.inspectBuffers;
    }

    /** The defaults, with the advanced {@code --flow-cap} and {@code --reassembly-memory} applied. */
    private FlowConfig flowConfig() {
        FlowConfig config = FlowConfig.defaults();
        if (options.flowCap != null) {
            if (options.flowCap < 1) {
                throw new UsageException("--flow-cap: expected at least 1 flow, got " + options.flowCap);
            }
            config = config.withMaxFlows(options.flowCap);
        }
        if (options.reassemblyMemory != null) {
            long total = UsageCheck.size("--reassembly-memory", options.reassemblyMemory);
            config = config.withBuffers(Math.min(config.flowBufferBytes(), total), total);
        }
        return config;
    }

    /** Defragmentation's defaults, with the advanced {@code --defrag-*} options applied. */
    private DefragConfig defragConfig() {
        DefragConfig config = DefragConfig.defaults();
        if (options.defragMemory != null) {
            long bytes = UsageCheck.size("--defrag-memory", options.defragMemory);
            if (bytes < MIN_DEFRAG_MEMORY) {
                throw new UsageException("--defrag-memory: expected at least 2k (a header page and a data page), got "
                        + options.defragMemory);
            }
            config = config.withMemory(bytes);
        }
        if (options.defragDatagrams != null) {
            if (options.defragDatagrams < 1) {
                throw new UsageException("--defrag-datagrams: expected at least 1 datagram, got "
                        + options.defragDatagrams);
            }
            config = config.withMaxDatagrams(options.defragDatagrams);
        }
        if (options.defragTimeout != null) {
            if (options.defragTimeout < 1) {
                throw new UsageException("--defrag-timeout: expected at least 1 second, got " + options.defragTimeout);
            }
            config = config.withTimeout(options.defragTimeout * NANOS_PER_SECOND);
        }
        return config;
    }

    /** The defragmentation counts of every worker summed (zero without flow stages). */
    DefragStatistics defragStatistics() {
        DefragStatistics sum = DefragStatistics.ZERO;
        for (FlowStage stage : flowStages) {
            sum = sum.plus(stage.defragStatistics());
        }
        return sum;
    }

    /** What the workers' flow stages counted, or null without flow tracking. */
    FlowStatistics flowStatistics() {
        if (flowStages.isEmpty()) {
            return null;
        }
        FlowStatistics sum = FlowStatistics.ZERO;
        for (FlowStage stage : flowStages) {
            sum = sum.plus(stage.statistics());
        }
        return sum;
    }

    /** {@code -W}: with {@code -C} the files of the ring, with {@code -G} alone the files before the end; or 0. */
    private int fileCount() {
        return options.tcpdump.fileCount == null ? 0 : options.tcpdump.fileCount;
    }

    /** tcpdump's closing line when {@code -W} ended a capture rotated by time, or null. */
    String fileLimitLine() {
        return rotatingWriter != null && rotatingWriter.fileLimitReached()
                ? "Maximum file limit reached: " + fileCount() : null;
    }

    private boolean rotates() {
        return rotateBytes > 0 || rotateSeconds > 0;
    }

    /** Packets {@code -w} could not write: of another link type than the file's. */
    long pcapSkipped() {
        long skipped = rotatingWriter != null ? rotatingWriter.packetsSkipped() : 0;
        for (PcapWriter writer : pcapWriters) {
            skipped += writer.packetsSkipped();
        }
        return skipped;
    }

    /**
     * Packets {@code -W} left out of every file: handed to the writer after the file limit ended the writing (the
     * rest of the batch that reached it), so counted as captured, and named in the closing lines.
     */
    long pcapPastFileLimit() {
        return rotatingWriter != null ? rotatingWriter.packetsPastFileLimit() : 0;
    }

    /** Who creates rotated files: the user a live capture drops to (as {@link PrivilegeDrop}), or this one. */
    private String fileCreator(boolean live) {
        if (live && Libc.getuid() == 0) {
            return options.user == null ? PrivilegeDrop.DEFAULT_USER : options.user;
        }
        return System.getProperty("user.name");
    }

    /**
     * Of {@code handed} packets handed to the outputs, those that reached every one: fewer than handed only
     * after a failed write, when the pcap files hold fewer records (whole ones only), or a text or NDJSON output of
     * one line per packet holds fewer lines.
     */
    long packetsHeld(long handed) {
        long held = handed;
        if (!pcapWriters.isEmpty()) {
            held = Math.min(held, pcapHandled());
        }
        if (rotatingWriter != null) {
            held = Math.min(held, rotatingWriter.packetsWritten() + rotatingWriter.packetsSkipped()
                    + rotatingWriter.packetsPastFileLimit());
        }
        if (shared != null && shared.failed() && events.packets() && !events.any()) {
            held = Math.min(held, shared.lines());
        }
        return held;
    }

    /** After a failed write, what each output holds, one line each (none when nothing failed). */
    List<String> failedOutputs(long handed) {
        List<String> lines = new ArrayList<>();
        long pcap = !pcapWriters.isEmpty() ? pcapHandled()
                : rotatingWriter != null ? rotatingWriter.packetsWritten() + rotatingWriter.packetsSkipped()
                + rotatingWriter.packetsPastFileLimit() : handed;
        if (pcap < handed) {
            lines.add((pcap - pcapSkipped()) + " packets written to " + options.writeFile
                    + (rotatingWriter != null ? " and the files before it" : "") + " before a write failed");
        }
        if (shared != null && shared.failed()) {
            lines.add(shared.lines() + " lines written to " + shared.name() + " before a write failed");
        }
        return lines;
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
        try {
            for (FlowStage stage : flowStages) {
                stage.close();
            }
            for (StreamFiles files : streamFiles) {
                files.close();
            }
            for (PcapWriter writer : pcapWriters) {
                writer.close();
            }
            if (rotatingWriter != null) {
                rotatingWriter.close();
            }
        } finally {
            if (shared != null) {
                shared.closeUnderlying();
            }
        }
    }
}
