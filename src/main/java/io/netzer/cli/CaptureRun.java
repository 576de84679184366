package io.netzer.cli;

import io.netzer.capture.CaptureFileException;
import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketSource;
import io.netzer.capture.SourceStatistics;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.export.NdjsonPacketSink;
import io.netzer.export.PacketSink;
import io.netzer.export.PcapWriter;
import io.netzer.export.TextPacketSink;
import io.netzer.pipeline.Worker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of the command line: opens the source, builds the sinks and the worker, runs it, and reports as
 * tcpdump does (the closing three lines on stderr). Every failure ends here as one line on stderr and an exit
 * status: 1 at run time, 2 for bad usage; a stack trace only with {@code --debug}.
 */
final class CaptureRun {
    private static final int EXIT_OK = 0;
    private static final int EXIT_RUNTIME = 1;
    private static final int EXIT_USAGE = 2;
    private static final int OUTPUT_BUFFER = 1 << 18;
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final NetzerCommand options;
    private final OutputStream stdout;
    private final PrintStream err;
    private PcapWriter pcapWriter;

    CaptureRun(NetzerCommand options, OutputStream stdout, PrintStream err) {
        this.options = options;
        this.stdout = stdout;
        this.err = err;
    }

    int execute() {
        try {
            checkUsage();
            return run();
        } catch (UsageException e) {
            err.println("netzer: " + e.getMessage());
            err.println("Try 'netzer --help' for more information.");
            return EXIT_USAGE;
        } catch (IOException | RuntimeException e) {
            report(e);
            return EXIT_RUNTIME;
        }
    }

    private void checkUsage() {
        List<String> unavailable = new ArrayList<>();
        notYet(unavailable, options.interfaceName != null || options.readFile == null, "live capture (-i)");
        notYet(unavailable, options.snaplen != null, "-s/--snaplen");
        notYet(unavailable, options.noPromiscuous, "-p/--no-promiscuous");
        notYet(unavailable, options.user != null, "-Z/--user");
        notYet(unavailable, options.cpuList != null, "--cpu");
        notYet(unavailable, options.workers != null, "--workers");
        notYet(unavailable, options.rotateSize != null || options.rotateSeconds != null, "--rotate-size/--rotate-seconds");
        notYet(unavailable, options.dumpStreams != null, "--dump-streams");
        notYet(unavailable, options.serve || options.port != null || options.bind != null, "--serve/--port/--bind");
        notYet(unavailable, options.ringBlockSize != null || options.ringBlocks != null
                || options.ringBlockTimeout != null, "ring options");
        notYet(unavailable, options.dumpFilter.length > 0 || !options.filter.isEmpty(), "filter expressions and -d");
        for (String event : options.events) {
            switch (event) {
                case "packet" -> { }
                case "flow", "tls", "dns", "http", "stats" -> notYet(unavailable, true, "--events " + event);
                default -> throw new UsageException("--events: unknown event type '" + event
                        + "' (expected packet, flow, tls, dns, http or stats)");
            }
        }
        if (!unavailable.isEmpty()) {
            throw new UsageException("not available yet: " + String.join(", ", unavailable)
                    + " (this build reads capture files: use -r FILE)");
        }
        if (options.count < 0) {
            throw new UsageException("-c/--count: expected a positive number of packets, got " + options.count);
        }
    }

    private static void notYet(List<String> unavailable, boolean used, String what) {
        if (used) {
            unavailable.add(what);
        }
    }

    private int run() throws IOException {
        String fileName = options.readFile.toString();
        try (PacketSource source = CaptureFiles.open(options.readFile)) {
            err.println("reading from file " + fileName + ", link-type " + LinkType.name(source.linkType())
                    + ", snapshot length " + source.snapshotLength());
            List<PacketSink> sinks = openSinks(source);
            Worker worker = new Worker(source, new Dissector(), sinks.toArray(PacketSink[]::new), options.count);
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = stopOnSignal(worker, finished);
            IOException failure = null;
            try {
                worker.run();
            } catch (CaptureFileException e) {
                failure = e;
            } finally {
                closeAll(sinks);
                finished.countDown();
                removeHook(hook);
            }
            printStatistics(worker, source.statistics());
            if (failure != null) {
                throw failure;
            }
            return EXIT_OK;
        }
    }

    private List<PacketSink> openSinks(PacketSource source) throws IOException {
        List<PacketSink> sinks = new ArrayList<>();
        boolean pcapToStdout = options.writeFile != null && options.writeFile.toString().equals("-");
        boolean textOrJsonWanted = options.writeFile == null || options.output != null || options.jsonOutput()
                || options.format != null;
        boolean toStdout = options.output == null || options.output.equals("-");
        if (pcapToStdout && textOrJsonWanted && toStdout) {
            throw new UsageException("-w - writes pcap to stdout: send text or NDJSON elsewhere with --output FILE");
        }
        if (options.writeFile != null) {
            pcapWriter = PcapWriter.open(options.writeFile, source.linkType(), source.snapshotLength(),
                    source.nanosecondTimestamps());
            sinks.add(pcapWriter);
        }
        if (textOrJsonWanted) {
            OutputStream out = toStdout ? stdout : Files.newOutputStream(Path.of(options.output));
            if (options.jsonOutput()) {
                sinks.add(new NdjsonPacketSink(new BufferedOutputStream(out, OUTPUT_BUFFER), hostname(),
                        source::interfaceName));
            } else {
                boolean terminal = toStdout && System.console() != null && System.console().isTerminal();
                boolean colour = terminal && System.getenv("NO_COLOR") == null;
                long zoneOffset = ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds();
                sinks.add(new TextPacketSink(out, colour, options.quick, terminal, zoneOffset, false));
            }
        }
        return sinks;
    }

    private Thread stopOnSignal(Worker worker, CountDownLatch finished) {
        // SIGINT/SIGTERM run shutdown hooks: stop the worker and wait until it has flushed every output.
        Thread hook = new Thread(() -> {
            worker.stop();
            try {
                finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "netzer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and waits for us.
        }
    }

    private void closeAll(List<PacketSink> sinks) throws IOException {
        IOException first = null;
        for (PacketSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void printStatistics(Worker worker, SourceStatistics statistics) {
        Dissector dissector = worker.dissector();
        StringBuilder faults = new StringBuilder();
        for (DecodeStatus status : DecodeStatus.values()) {
            long count = dissector.errors(status);
            if (count > 0) {
                faults.append(faults.isEmpty() ? "" : ", ").append(status.reason()).append(' ').append(count);
            }
        }
        if (!faults.isEmpty()) {
            err.println("packets not fully decoded: " + faults);
        }
        if (pcapWriter != null && pcapWriter.packetsSkipped() > 0) {
            err.println(pcapWriter.packetsSkipped() + " packets not written to " + options.writeFile
                    + ": a pcap file holds one link type (" + LinkType.name(pcapWriter.linkType()) + ")");
        }
        err.println(worker.packetsOut() + " packets captured");
        err.println(statistics.received() + " packets received by filter");
        err.println(statistics.dropped() + " packets dropped by kernel");
    }

    private void report(Exception e) {
        err.println("netzer: " + message(e));
        if (options.debug) {
            e.printStackTrace(err);
        }
    }

    private static String message(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": No such file or directory";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
