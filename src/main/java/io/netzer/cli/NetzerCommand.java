package io.netzer.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line, in tcpdump's habits: long names first, tcpdump's letters as aliases. This class only holds
 * and checks the options; {@link CaptureRun} wires the pipeline.
 */
@Command(name = "netzer", mixinStandardHelpOptions = true, versionProvider = NetzerVersion.class,
        sortOptions = false, usageHelpWidth = 110,
        description = "Zero-copy network packet analyzer: capture or read packets, filter, print, write pcap, emit NDJSON.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:runtime error (unreadable file, capture failure)", "2:bad usage"})
public final class NetzerCommand implements Callable<Integer> {

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "Capture live on IFACE, or 'any'. Default: the interface of the default route.")
    String interfaceName;

    @Option(names = {"-r", "--read"}, paramLabel = "FILE", description = "Read packets from a pcap or pcapng FILE ('-' for stdin).")
    Path readFile;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE", description = "Write packets to a pcap FILE ('-' for stdout).")
    Path writeFile;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N packets.")
    long count;

    @Option(names = {"-s", "--snaplen"}, paramLabel = "N", description = "Capture at most N bytes of each packet (default 262144).")
    Integer snaplen;

    @Option(names = {"-p", "--no-promiscuous"}, description = "Do not put the interface in promiscuous mode.")
    boolean noPromiscuous;

    @Option(names = {"-Z", "--user"}, paramLabel = "USER", description = "Drop privileges to USER after opening the capture (default: nobody when root).")
    String user;

    @Option(names = "--no-seccomp", description = "Do not install the seccomp filter after the privilege drop (for kernels without seccomp).")
    boolean noSeccomp;

    @Option(names = "--cpu", paramLabel = "LIST", description = "Pin the workers to these CPUs, worker i on the i-th (e.g. 1, or 0,1 with --workers 2).")
    String cpuList;

    @Option(names = "--workers", paramLabel = "N", description = "N workers: live, N sockets in one fanout group;"
            + " with -r FILE, each reads the file and analyses its share of the address pairs.")
    Integer workers;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: text or json (NDJSON). Default: text.")
    OutputFormat format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Option(names = "--events", paramLabel = "LIST", split = ",",
            description = "Events to write: packet, flow, tls, dns, http, stats. Default: packet.")
    List<String> events = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE", description = "Write text or NDJSON to FILE ('-' for stdout, the default).")
    String output;

    @Option(names = "--rotate-size", paramLabel = "SIZE", description = "Start a new -w file after SIZE bytes (k, M, G suffixes).")
    String rotateSize;

    @Option(names = "--rotate-seconds", paramLabel = "N", description = "Start a new -w file every N seconds.")
    Integer rotateSeconds;

    @Option(names = "--dump-streams", paramLabel = "DIR", description = "Write each reassembled TCP stream direction to DIR, named as tcpflow names them.")
    Path dumpStreams;

    @Option(names = "--flow-cap", paramLabel = "N", hidden = true,
            description = "Flows held per worker at most (default 1000000); past it the longest idle is evicted.")
    Integer flowCap;

    @Option(names = "--inspect-buffers", paramLabel = "N", hidden = true,
            description = "Stream buffers per worker for messages split over segments (default 256, 68 KiB each).")
    Integer inspectBuffers;

    @Option(names = "--reassembly-memory", paramLabel = "SIZE", hidden = true,
            description = "Out-of-order TCP bytes held per worker at most (default 256M; k, M, G suffixes).")
    String reassemblyMemory;

    @Option(names = "--defrag-memory", paramLabel = "SIZE", hidden = true,
            description = "IP fragment bytes held per worker at most (default 32M; k, M, G suffixes).")
    String defragMemory;

    @Option(names = "--defrag-datagrams", paramLabel = "N", hidden = true,
            description = "Datagrams in fragments in progress per worker at most (default 4096).")
    Integer defragDatagrams;

    @Option(names = "--defrag-timeout", paramLabel = "SECONDS", hidden = true,
            description = "Seconds of packet time a datagram's fragments may take to arrive (default 60).")
    Integer defragTimeout;

    @Option(names = "--serve", description = "Serve the dashboard, API, health and metrics while capturing.")
    boolean serve;

    @Option(names = "--port", paramLabel = "PORT", description = "Dashboard and API port (default 7070).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Dashboard and API address (default 127.0.0.1).")
    String bind;

    @Option(names = "--auth-token-file", paramLabel = "FILE",
            description = "With --serve: require the token in FILE on the dashboard and API (Bearer header, or /?token= once in a browser).")
    Path authTokenFile;

    @Option(names = "--ring-block-size", paramLabel = "SIZE", description = "Ring block size (default 4M).")
    String ringBlockSize;

    @Option(names = "--ring-blocks", paramLabel = "N", description = "Ring blocks (default 64).")
    Integer ringBlocks;

    @Option(names = "--ring-block-timeout", paramLabel = "MS", description = "Ring block timeout in milliseconds (default 100).")
    Integer ringBlockTimeout;

    @Option(names = "-d", description = "Print the compiled filter program (-dd, -ddd as tcpdump) and exit.")
    boolean[] dumpFilter = new boolean[0];

    @Option(names = {"-F", "--filter-file"}, paramLabel = "FILE", description = "Read the filter expression from FILE.")
    Path filterFile;

    @Option(names = {"-q", "--quick"}, description = "Quick output: less protocol detail per line (tcpdump's -q).")
    boolean quick;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Mixin
    TcpdumpOptions tcpdump = new TcpdumpOptions();

    @Parameters(paramLabel = "FILTER", arity = "0..*", description = "A filter expression in tcpdump's syntax.")
    List<String> filter = new ArrayList<>();

    private final OutputStream stdout;
    private final PrintStream stderr;

    /** The command as the launcher runs it: on the process's standard output and error. */
    public NetzerCommand() {
        this(new FileOutputStream(FileDescriptor.out),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }

    /** The command writing to other streams (tests run it in-process). */
    public NetzerCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The output formats of {@code --format}. */
    enum OutputFormat {
        text, json
    }

    @Override
    public Integer call() {
        return new CaptureRun(this, stdout, stderr).execute();
    }

    /** Whether NDJSON was asked for (with {@code --serve}, {@code --events} asks for it too). */
    boolean jsonOutput() {
        return json || format == OutputFormat.json || (serve && format == null && !events.isEmpty());
    }
}
