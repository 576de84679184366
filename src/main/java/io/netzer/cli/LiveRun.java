package io.netzer.cli;

import io.netzer.capture.CpuAffinity;
import io.netzer.capture.DefaultRouteInterface;
import io.netzer.capture.LiveCaptureGroup;
import io.netzer.capture.LiveRingConfig;
import io.netzer.capture.LiveRingSource;
import io.netzer.capture.PrivilegeDrop;
import io.netzer.capture.RingStatistics;
import io.netzer.capture.SourceStatistics;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.filter.CompileOptions;
import io.netzer.pipeline.PacketFilter;
import io.netzer.pipeline.PacketSink;
import io.netzer.pipeline.Worker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live capture: opens the sockets and rings and the outputs as root, drops root for good, then runs one worker
 * thread per socket, each reading its socket's ring itself, until {@code -c} is reached or a signal arrives. With
 * {@code --cpu LIST}, worker {@code i} takes the list's CPU {@code i} (modulo the list's length): {@code --cpu 1}
 * puts the one worker on CPU 1, {@code --cpu 0,1} with two workers puts one on each. With
 * {@code --serve}, {@link ServeMode} adds each worker's statistics and event tap and tells the web layer when the
 * capture is open and when it runs.
 */
final class LiveRun {
    private static final int EXIT_OK = 0;

    private final NetzerCommand options;
    private final OutputStream stdout;
    private final PrintStream err;
    private final CaptureRun run;

    LiveRun(NetzerCommand options, OutputStream stdout, PrintStream err, CaptureRun run) {
        this.options = options;
        this.stdout = stdout;
        this.err = err;
        this.run = run;
    }

    int run() throws IOException {
        int workerCount = options.workers == null ? 1 : options.workers;
        int[] cpus = options.cpuList == null ? null : parseCpus();
        String interfaceName = options.interfaceName != null ? options.interfaceName : DefaultRouteInterface.find();
        String expression = FilterOptions.expression(options);
        int snaplen = options.snaplen == null ? LiveRingConfig.DEFAULT_SNAPSHOT_LENGTH : options.snaplen;
        CompileOptions compileOptions = CompileOptions.forLive(ipv4Netmask(interfaceName), snaplen);
        if (options.dumpFilter.length > 0) {
            int linkType = LiveRingConfig.ANY.equals(interfaceName) ? LinkType.LINUX_SLL : LinkType.ETHERNET;
            return run.printFilter(expression, linkType, compileOptions);
        }
        LiveRingConfig config = config(interfaceName);
        try (LiveCaptureGroup group = LiveCaptureGroup.open(config, workerCount);
                Outputs outputs = new Outputs(options, stdout);
                ServeMode serve = options.serve ? ServeMode.open(group, compileOptions) : null) {
            int linkType = group.sources().get(0).linkType();
            // The kernel runs the program on what the socket receives: for the cooked `any` socket that starts
            // at the network header, so its filter runs here, in the worker, on the cooked header NetZer adds.
            boolean filterInWorker = expression != null && linkType == LinkType.LINUX_SLL;
            if (expression != null && !filterInWorker) {
                group.attachFilter(FilterOptions.forKernel(expression, linkType, compileOptions));
            }
            List<Worker> workers = workers(group, outputs, serve, filterInWorker ? expression : null, linkType,
                    compileOptions);
            if (serve != null) {
                serve.attach(expression, outputs.flowStages());
            }
            group.start();
            PrivilegeDrop.Credentials who = dropPrivileges();
            announce(interfaceName, group.sources().get(0), who);
            Runnable started = () -> { };
            if (serve != null) {
                err.println("serving: " + ServeMode.addresses());
                started = () -> serve.ready(who);
            }
            Runnable onStarted = started;
            run.runStoppable(group::stop, () -> {
                try {
                    WorkerThreads.run(workers, cpus, onStarted);
                } finally {
                    group.stop();
                    outputs.flush();
                    reportEnd(interfaceName, group, workers, outputs);
                }
            });
            return EXIT_OK;
        }
    }

    /**
     * One worker per socket, each with its own dissector and sinks; {@code workerExpression} is the filter the
     * workers run themselves (the cooked {@code any} socket), or null when the kernel runs it or there is none.
     */
    private List<Worker> workers(LiveCaptureGroup group, Outputs outputs, ServeMode serve, String workerExpression,
            int linkType, CompileOptions compileOptions) throws IOException {
        AtomicLong budget = run.packetBudget();
        List<Worker> workers = new ArrayList<>();
        for (LiveRingSource source : group.sources()) {
            source.direction(options.tcpdump.captureDirection());
            PacketFilter filter = workerExpression != null
                    ? FilterOptions.inProcess(workerExpression, linkType, compileOptions) : null;
            PacketSink[] sinks = serve == null ? outputs.sinksFor(source, true)
                    : serve.withStats(outputs.sinksFor(source, true, serve.tap(), serve.events()));
            workers.add(new Worker(source, new Dissector(), sinks, filter, budget));
        }
        return workers;
    }

    /** Drops root for good (every socket and file is open by now), saying so when the bounding set stays. */
    private PrivilegeDrop.Credentials dropPrivileges() throws IOException {
        PrivilegeDrop.Credentials who = PrivilegeDrop.drop(options.user, !options.noSeccomp);
        if (who.boundingSet() != 0) {
            err.printf("capability bounding set kept (CapBnd %016x): emptying it needs CAP_SETPCAP%n",
                    who.boundingSet());
        }
        return who;
    }

    /** tcpdump's {@code listening on} line, with the user NetZer now runs as. */
    private void announce(String interfaceName, LiveRingSource first, PrivilegeDrop.Credentials who) {
        err.println("listening on " + interfaceName + ", link-type " + LinkType.name(first.linkType())
                + ", snapshot length " + first.snapshotLength() + " bytes, running as " + who.user()
                + " (uid " + who.uid() + ")");
    }

    /** What the ring saw (with {@code --debug}), what it could not deliver, and tcpdump's closing counts. */
    private void reportEnd(String interfaceName, LiveCaptureGroup group, List<Worker> workers, Outputs outputs) {
        RingStatistics ring = group.ringStatistics();
        long downs = ring.interfaceDownEvents();
        if (options.debug) {
            err.println("ring: " + ring.blocksReturned() + " blocks read and returned (" + ring.blocksRetiredByTimeout()
                    + " retired by timeout, " + ring.blocksRetiredFull() + " full), " + ring.waits()
                    + " waits in epoll, " + ring.sequenceGaps() + " sequence gaps, " + ring.malformedPackets()
                    + " malformed frames");
        }
        if (ring.packetsNotDrained() > 0) {
            err.println(ring.packetsNotDrained() + " packets the kernel put in the ring were not read:"
                    + " their block was not closed within the drain's deadline");
        }
        if (downs > 0) {
            err.println("interface " + interfaceName + " went down " + downs
                    + " time(s) during the capture; capture resumed when it came back up");
        }
        run.printStatistics(workers, passedFilter(group.statistics(), workers), outputs);
    }

    /**
     * The kernel's counters as tcpdump reports them: where the filter runs in the worker (the cooked {@code any}
     * socket), the packets it rejected reached the ring but were not received by the filter.
     */
    private static SourceStatistics passedFilter(SourceStatistics kernel, List<Worker> workers) {
        long rejected = 0;
        for (Worker worker : workers) {
            rejected += worker.packetsRejected();
        }
        return new SourceStatistics(kernel.received() - rejected, kernel.dropped(), kernel.freezes());
    }

    /** The netmask of the interface's first IPv4 address, for {@code ip broadcast}, as libpcap looks it up; 0 if none. */
    private static int ipv4Netmask(String interfaceName) {
        try {
            NetworkInterface device = NetworkInterface.getByName(interfaceName);
            if (device != null) {
                for (InterfaceAddress address : device.getInterfaceAddresses()) {
                    if (address.getAddress() instanceof Inet4Address) {
                        int prefix = address.getNetworkPrefixLength();
                        return prefix == 0 ? 0 : -1 << (32 - prefix);
                    }
                }
            }
        } catch (SocketException e) {
            // No netmask: `ip broadcast` is then refused by the compiler with its own message.
        }
        return 0;
    }

    private int[] parseCpus() {
        try {
            return CpuAffinity.parse(options.cpuList);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--cpu: " + e.getMessage());
        }
    }

    private LiveRingConfig config(String interfaceName) {
        LiveRingConfig config = LiveRingConfig.of(interfaceName).withPromiscuous(!options.noPromiscuous);
        if (options.snaplen != null) {
            config = config.withSnapshotLength(options.snaplen);
        }
        config = config.withRing(
                options.ringBlockSize == null ? config.blockSize()
                        : Math.toIntExact(UsageCheck.size("--ring-block-size", options.ringBlockSize)),
                options.ringBlocks == null ? config.blockCount() : options.ringBlocks,
                options.ringBlockTimeout == null ? config.blockTimeoutMillis() : options.ringBlockTimeout);
        return options.tcpdump.applyTo(config);
    }
}
