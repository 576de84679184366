package io.netzer.cli;

import io.netzer.capture.LiveRingConfig;
import io.netzer.capture.LiveRingSource;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.filter.CompileOptions;
import io.netzer.pipeline.Worker;
import io.netzer.sys.Libc;
import io.netzer.sys.NetworkNamespace;
import io.netzer.sys.SystemCallException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;

/**
 * The training runs of the AOT caches ({@code src/main/aot/make-aot-cache.sh}): the command line's common runs in one
 * JVM, since a cache holds what one run loads and profiles. For the file runs' cache, a capture file printed as
 * text, written as NDJSON and as pcap (through a filter), every event on; for the live captures' cache, as root,
 * captures on the {@code lo} of a network namespace of its own, written as pcap and as NDJSON; in both, the picocli
 * paths (help, a usage error), so that those start fast too. Output is discarded. The file runs' cache keeps their
 * classes but not their method profiles ({@code make-aot-cache.sh} says why).
 *
 * <p>The live runs are there for the JIT more than for start-up: the cache keeps the method profiles of the training
 * run (JEP 515), so a live capture's ring walk, worker loop and writers start from them, with fewer compilations
 * before their final C2 code (README, "Benchmarks"). They drive the ring as {@link LiveRun} does, without its
 * privilege drop (this JVM must still write the cache when it exits): each runs in a thread that first moves into a
 * new network namespace ({@link NetworkNamespace}), since a build must not capture on the machine's interfaces, not
 * even its {@code lo}; there a socket on {@code lo} with a kernel filter for a port of its own takes datagrams this
 * JVM sends to itself from a thread started in the same namespace. The namespace goes with the run's thread and
 * sockets. Without root the namespace cannot be made and the live runs are left out.
 */
public final class AotTraining {
    /** Enough packets for the live loop to reach C2 during training, whose profiles the cache then holds. */
    private static final long LIVE_PACKETS = 300_000;
    /** A live run ends at this deadline even if the ring saw fewer packets (a busy machine, a filtered lo). */
    private static final long LIVE_DEADLINE_NANOS = 20_000_000_000L;
    /** The bench's traffic: a UDP payload of 18 bytes makes a 64-byte Ethernet frame. */
    private static final int PAYLOAD_BYTES = 18;
    private static final int RING_BLOCK_SIZE = 1 << 20;
    private static final int RING_BLOCKS = 8;
    private static final int RING_BLOCK_TIMEOUT_MILLIS = 10;

    private AotTraining() {
    }

    /**
     * Trains what the arguments name, in turn: {@code file CAPTURE} the runs that read a file, on {@code CAPTURE};
     * {@code live} the live captures (as root). Exits with status 1 when a run failed or captured nothing, so that
     * no cache is made from it.
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        // The launcher's main class, looked up as the java launcher does: one missing from the cache is read from
        // its jar, whose central directory (and that of its interface's jar) then costs every start.
        NetzerApplication.class.getMethod("main", String[].class);
        StopSignals.install();   // as NetzerApplication.main does, so its classes and call sites are cached too
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int status = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("live")) {
                boolean captured = Libc.getuid() == 0 && live(discard, LIVE_PACKETS, "-w", "/dev/null") > 0
                        && live(discard, LIVE_PACKETS, "--json") > 0;
                status |= captured ? 0 : 1;
            } else {
                status |= file(discard, args[++i]);
            }
        }
        CommandLine commandLine = NetzerCommandLine.configure(new CommandLine(new NetzerCommand(discard, discard)));
        commandLine.setOut(new PrintWriter(Writer.nullWriter())).setErr(new PrintWriter(Writer.nullWriter()));
        commandLine.execute("--help");
        commandLine.execute("--bogus");
        System.exit(status);
    }

    /** The file runs: text, NDJSON with every event, and pcap through the bench's filter. */
    private static int file(PrintStream discard, String capture) {
        String events = "packet,flow,tls,dns,http";
        return run(discard, "-r", capture, "--events", events)
                | run(discard, "-r", capture, "--events", events, "--json")
                | run(discard, "-r", capture, "tcp port 443 or (udp and not port 53)", "-w", "/dev/null");
    }

    private static int run(PrintStream discard, String... args) {
        return parse(discard, args).call();
    }

    private static NetzerCommand parse(PrintStream discard, String... args) {
        NetzerCommand command = new NetzerCommand(discard, discard);
        if (!QuickArgs.parse(args, command)) {
            throw new IllegalArgumentException("not a common command line: " + String.join(" ", args));
        }
        return command;
    }

    /**
     * A live capture of {@code packets} datagrams this JVM sends, on the {@code lo} of a new network namespace, with
     * the outputs {@code args}; returns the packets the worker took: none when the namespace cannot be made or the
     * socket opened (no root, no {@code CAP_SYS_ADMIN} or {@code CAP_NET_RAW} in a container's build).
     */
    static long live(PrintStream discard, long packets, String... args) {
        NetzerCommand command = parse(discard, args);
        AtomicLong taken = new AtomicLong();
        Thread training = Thread.ofPlatform().name("netzer-training-live").start(() -> {
            try {
                NetworkNamespace.enterNew();
            } catch (SystemCallException e) {
                return;   // training is best effort: the cache is made from the runs that could be made
            }
            taken.set(capture(command, discard, packets));
        });
        try {
            training.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken.get();
    }

    /** The capture of {@link #live}, in the calling thread's network namespace. */
    private static long capture(NetzerCommand command, PrintStream discard, long packets) {
        LiveRingConfig config = LiveRingConfig.of("lo").withPromiscuous(false)
                .withRing(RING_BLOCK_SIZE, RING_BLOCKS, RING_BLOCK_TIMEOUT_MILLIS);
        try (DatagramChannel receiver = DatagramChannel.open();
                DatagramChannel sender = DatagramChannel.open();
                LiveRingSource source = LiveRingSource.open(config);
                Outputs outputs = new Outputs(command, discard)) {
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketAddress target = receiver.getLocalAddress();
            int port = ((InetSocketAddress) target).getPort();
            source.attachFilter(FilterOptions.forKernel("udp and dst port " + port, LinkType.ETHERNET,
                    CompileOptions.forLive(0, config.snapshotLength())));
            AtomicLong remaining = new AtomicLong(packets);
            Worker worker = new Worker(source, new Dissector(), outputs.sinksFor(source, true), null, remaining);
            source.start();
            Thread traffic = Thread.ofPlatform().daemon().name("netzer-training-traffic").start(() -> {
                send(sender, target, remaining);
                source.stop();
            });
            worker.run();
            traffic.join();
            return worker.packetsOut();
        } catch (IOException e) {
            return 0;   // training is best effort: the cache is made from the runs that could be made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Sends datagrams to {@code target} until the worker has taken its packets or the deadline passes. */
    private static void send(DatagramChannel sender, SocketAddress target, AtomicLong remaining) {
        ByteBuffer payload = ByteBuffer.allocateDirect(PAYLOAD_BYTES);
        long deadline = System.nanoTime() + LIVE_DEADLINE_NANOS;
        try {
            while (remaining.get() > 0 && System.nanoTime() < deadline) {
                sender.send(payload.clear(), target);
            }
        } catch (IOException e) {
            // The capture ends with the packets it has.
        }
    }
}
