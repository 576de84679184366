package io.netzer.cli;

import io.netzer.capture.CaptureFiles;
import io.netzer.capture.DefaultRouteInterface;
import io.netzer.capture.PacketSource;
import io.netzer.capture.SourceStatistics;
import io.netzer.defrag.DefragStatistics;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.filter.CompileOptions;
import io.netzer.flow.FlowStatistics;
import io.netzer.pipeline.PacketFilter;
import io.netzer.pipeline.Worker;
import io.netzer.pipeline.WorkerShare;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of the command line: checks the options, reads a file or captures live, and reports as tcpdump does
 * (the closing three lines on stderr). Every failure ends here as one line on stderr and an exit status: 1 at
 * run time, 2 for bad usage; a stack trace only with {@code --debug}.
 */
final class CaptureRun {
    private static final int EXIT_OK = 0;
    private static final int EXIT_RUNTIME = 1;
    private static final int EXIT_USAGE = 2;
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final NetzerCommand options;
    private final OutputStream stdout;
    private final PrintStream err;

    CaptureRun(NetzerCommand options, OutputStream stdout, PrintStream err) {
        this.options = options;
        this.stdout = stdout;
        this.err = err;
    }

    int execute() {
        try {
            UsageCheck.check(options);
            if (options.tcpdump.listInterfaces || options.tcpdump.listLinkTypes) {
                return list();
            }
            return options.readFile != null ? readFile() : new LiveRun(options, stdout, err, this).run();
        } catch (UsageException e) {
            err.println("netzer: " + e.getMessage());
            err.println("Try 'netzer --help' for more information.");
            return EXIT_USAGE;
        } catch (IOException | RuntimeException e) {
            report(e);
            return EXIT_RUNTIME;
        }
    }

    private int readFile() throws IOException {
        List<PacketSource> sources = new ArrayList<>();
        try (Closeable readers = () -> closeAll(sources)) {
            sources.add(CaptureFiles.open(options.readFile));
            try (Outputs outputs = new Outputs(options, stdout)) {
                return readFile(sources, outputs);
            }
        } catch (IOException e) {
            if (ClosedPipe.is(e)) {
                return ClosedPipe.EXIT_STATUS;
            }
            throw e;
        }
    }

    /**
     * Reads the file of {@code sources} (its one reader so far) with {@code --workers} workers: one on this thread,
     * or N on threads of their own, each with its own reader of the whole file, dissector and sinks, analysing the
     * packets its {@link WorkerShare} gives it, as the live capture's fanout shares a link's packets.
     */
    private int readFile(List<PacketSource> sources, Outputs outputs) throws IOException {
        PacketSource source = sources.get(0);
        if (!LinkType.isDecoded(source.linkType())) {
            throw new IOException(options.readFile + ": link type " + source.linkType() + " ("
                    + LinkType.name(source.linkType()) + ") is not one NetZer decodes (it reads link types "
                    + LinkType.decodedList() + ")");
        }
        String expression = FilterOptions.expression(options);
        if (options.dumpFilter.length > 0) {
            return printFilter(expression, source.linkType(), CompileOptions.forFile());
        }
        // Compiled before the first line, so that a bad expression is the only line printed.
        PacketFilter firstFilter = expression == null ? null
                : FilterOptions.inProcess(expression, source.linkType(), CompileOptions.forFile());
        err.println("reading from file " + options.readFile + ", link-type "
                + LinkType.nameAndDescription(source.linkType()) + ", snapshot length " + source.snapshotLength());
        int workerCount = options.workers == null ? 1 : options.workers;
        while (sources.size() < workerCount) {
            sources.add(CaptureFiles.open(options.readFile));
        }
        AtomicLong budget = packetBudget();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            PacketSource reader = sources.get(i);
            PacketFilter filter = i == 0 || expression == null ? firstFilter
                    : FilterOptions.inProcess(expression, reader.linkType(), CompileOptions.forFile());
            workers.add(new Worker(reader, new Dissector(), outputs.sinksFor(reader, false), filter, budget,
                    workerCount == 1 ? null : new WorkerShare(i, workerCount)));
        }
        runStoppable(() -> workers.forEach(Worker::stop), () -> {
            boolean pipeClosed = false;
            try {
                if (workerCount == 1) {
                    workers.get(0).run();
                } else {
                    WorkerThreads.run(workers, null, () -> { });
                }
            } catch (IOException e) {
                pipeClosed = ClosedPipe.is(e);
                throw e;
            } finally {
                // Also after a fault in the file: every packet before it has been output. A file has no kernel
                // counters, so tcpdump prints none; after a closed pipe it prints nothing at all.
                if (!pipeClosed) {
                    printShares(workers);
                    printSummary(workers, outputs);
                }
            }
        });
        return EXIT_OK;
    }

    /** With {@code --debug} and N workers over one file: the packets each analysed, which says how the key spread. */
    private void printShares(List<Worker> workers) {
        if (options.debug && workers.size() > 1) {
            StringBuilder line = new StringBuilder("workers: packets analysed by each:");
            for (Worker worker : workers) {
                line.append(' ').append(worker.packetsOut() + worker.packetsRejected());
            }
            err.println(line.append(" (each read ").append(workers.get(0).packetsOut()
                    + workers.get(0).packetsRejected() + workers.get(0).packetsPassed()).append(')'));
        }
    }

    private static void closeAll(List<PacketSource> sources) throws IOException {
        IOException first = null;
        for (PacketSource source : sources) {
            try {
                source.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** {@code -D} or {@code -L}: prints the interfaces, or the link types of {@code -i}'s, and exits. */
    private int list() throws IOException {
        String text = options.tcpdump.listInterfaces ? InterfaceListing.list() : InterfaceListing.linkTypes(
                options.interfaceName != null ? options.interfaceName : DefaultRouteInterface.find());
        stdout.write(text.getBytes(StandardCharsets.UTF_8));
        stdout.flush();
        return EXIT_OK;
    }

    /** {@code -d}: prints the compiled program, as tcpdump does, instead of reading any packet. */
    int printFilter(String expression, int linkType, CompileOptions compileOptions) throws IOException {
        String text = FilterOptions.dump(expression, linkType, compileOptions, options.dumpFilter.length);
        stdout.write(text.getBytes(StandardCharsets.US_ASCII));
        stdout.flush();
        return EXIT_OK;
    }

    /** The shared {@code -c} budget of the workers, or null without a limit. */
    AtomicLong packetBudget() {
        return options.count > 0 ? new AtomicLong(options.count) : null;
    }

    /** Work that may fail with an I/O error. */
    interface Body {
        void run() throws IOException;
    }

    /**
     * Runs {@code body} so that SIGINT or SIGTERM run {@code stop}, after which the body flushes every output and
     * prints the closing lines, and the run ends with status 0, as tcpdump's does. When the process is ending
     * for another reason (SIGHUP, or a JVM whose signals NetZer does not handle), a shutdown hook runs
     * {@code stop} and waits for the body to finish.
     */
    void runStoppable(Runnable stop, Body body) throws IOException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "netzer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        StopSignals.onStop(stop);
        try {
            body.run();
        } finally {
            StopSignals.clear();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running and waits for the countdown above.
            }
        }
    }

    /** The closing lines of a live capture: what {@link #printSummary} prints, then the kernel's counters. */
    void printStatistics(List<Worker> workers, SourceStatistics statistics, Outputs outputs) {
        long captured = printSummary(workers, outputs);
        err.println(captured + " packets captured");
        err.println(statistics.received() + " packets received by filter");
        err.println(statistics.dropped() + " packets dropped by kernel");
    }

    /** What NetZer adds to tcpdump's closing lines (faults, skipped packets, flows); returns the packets output. */
    private long printSummary(List<Worker> workers, Outputs outputs) {
        StringBuilder faults = new StringBuilder();
        long captured = 0;
        for (DecodeStatus status : DecodeStatus.values()) {
            long count = 0;
            for (Worker worker : workers) {
                count += worker.dissector().errors(status);
            }
            if (count > 0) {
                faults.append(faults.isEmpty() ? "" : ", ").append(status.reason()).append(' ').append(count);
            }
        }
        long uncompilable = 0;
        for (Worker worker : workers) {
            captured += worker.packetsOut();
            uncompilable += worker.filter() == null ? 0 : worker.filter().uncompilable();
        }
        if (uncompilable > 0) {
            err.println(uncompilable + " packets rejected: the filter does not apply to their link type");
        }
        if (!faults.isEmpty()) {
            err.println("packets not fully decoded: " + faults);
        }
        String abandoned = AppLayerSummary.abandoned(outputs.inspectors());
        if (!abandoned.isEmpty()) {
            err.println("app layer: messages cut short or given up: " + abandoned);
        }
        if (outputs.pcapSkipped() > 0) {
            err.println(outputs.pcapSkipped() + " packets not written to " + options.writeFile
                    + ": a pcap file holds one link type (" + LinkType.name(outputs.pcapLinkType()) + ")");
        }
        String fileLimit = outputs.fileLimitLine();
        if (fileLimit != null) {
            err.println(fileLimit);
        }
        if (outputs.pcapPastFileLimit() > 0) {
            err.println(outputs.pcapPastFileLimit() + " packets not written: file limit reached");
        }
        outputs.failedOutputs(captured).forEach(err::println);
        captured = outputs.packetsHeld(captured);
        FlowStatistics flows = outputs.flowStatistics();
        if (flows != null) {
            err.println(FlowSummary.flows(flows));
            err.println(FlowSummary.streams(flows));
            DefragStatistics defrag = outputs.defragStatistics();
            if (defrag.fragments() + defrag.atomic() > 0) {
                err.println(FlowSummary.defrag(defrag));
            }
        }
        return captured;
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
}
