package io.netzer.capture;

import io.netzer.dissect.LinkType;
import io.netzer.sys.Libc;
import io.netzer.sys.LinuxConstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A live capture on one AF_PACKET socket with a TPACKET_V3 ring, read by the worker that calls {@link #nextBatch}
 * with no other thread: it walks the blocks the kernel has closed in place and sleeps in epoll when none is (see
 * {@link RingBlockReader}).
 *
 * <p>Life cycle: {@link #open} (socket, ring, epoll; needs CAP_NET_RAW), optionally {@link #attachFilter},
 * {@link #start} (bind, promiscuous mode, fanout), then drop privileges ({@link PrivilegeDrop}), then
 * {@link #nextBatch} on the worker until it returns false; {@link #stop} from any thread; {@link #close} once the
 * worker is done.
 *
 * <p>An Ethernet or loopback interface gives Ethernet frames; an interface without link-layer header gives raw IP;
 * {@code any} and other interface types give Linux cooked (SLL) packets, built in the ring as libpcap does. The
 * interface index of each packet is the kernel's ifindex; {@link #interfaceName} names it.
 */
public final class LiveRingSource implements PacketSource {
    private static final int NAME_CACHE_SIZE = 256;

    private final LiveRingConfig config;
    private final int ifindex;
    private final int linkType;
    private final LivePacketSocket socket;
    private final EpollRingWait wait;
    private final RingCounters counters = new RingCounters();
    private final RingBlockReader reader;
    private final int fanoutGroup;
    private final String[] interfaceNames = new String[NAME_CACHE_SIZE];
    private volatile boolean started;
    private boolean filterAttached;

    private LiveRingSource(LiveRingConfig config, int ifindex, int linkType, boolean cooked, LivePacketSocket socket,
            EpollRingWait wait, MemorySegment ring, int fanoutGroup) {
        this.config = config;
        this.ifindex = ifindex;
        this.linkType = linkType;
        this.socket = socket;
        this.wait = wait;
        this.fanoutGroup = fanoutGroup;
        MemorySegment[] blocks = new MemorySegment[config.blockCount()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = ring.asSlice((long) i * config.blockSize(), config.blockSize());
        }
        reader = new RingBlockReader(blocks, wait, config.interfaceName(), counters, config.snapshotLength(),
                linkType, cooked, socket::freezeStatistics, config.blockTimeoutMillis());
    }

    /**
     * Opens the socket and maps its ring; nothing is received until {@link #start}.
     *
     * @throws IOException {@code no such interface: NAME}, a missing privilege, or the failed call
     */
    public static LiveRingSource open(LiveRingConfig config) throws IOException {
        return open(config, -1);
    }

    /** As {@link #open(LiveRingConfig)}, to join fanout group {@code fanoutGroup} (or none when negative). */
    static LiveRingSource open(LiveRingConfig config, int fanoutGroup) throws IOException {
        int ifindex = 0;
        int hardwareType = -1;
        if (!config.isAny()) {
            ifindex = Libc.if_nametoindex(config.interfaceName());
            if (ifindex == 0) {
                throw noSuchInterface(config.interfaceName(), null);
            }
            hardwareType = hardwareType(config.interfaceName());
        }
        int linkType = switch (hardwareType) {
            case LinuxConstants.ARPHRD_ETHER, LinuxConstants.ARPHRD_LOOPBACK -> LinkType.ETHERNET;
            case LinuxConstants.ARPHRD_NONE -> LinkType.RAW;
            default -> LinkType.LINUX_SLL;
        };
        boolean cooked = linkType == LinkType.LINUX_SLL;
        int type = cooked ? LinuxConstants.SOCK_DGRAM : LinuxConstants.SOCK_RAW;
        LivePacketSocket socket = LivePacketSocket.open(type, config.interfaceName());
        EpollRingWait wait = null;
        try {
            MemorySegment ring = socket.mapRing(config);
            wait = EpollRingWait.open(socket.fd(), config.interfaceName());
            return new LiveRingSource(config, ifindex, linkType, cooked, socket, wait, ring, fanoutGroup);
        } catch (IOException | RuntimeException e) {
            try {
                if (wait != null) {
                    wait.close();
                }
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** {@code no such interface: NAME (available: any, eth0, lo)}, as tcpdump -D would list them. */
    private static IOException noSuchInterface(String name, Exception cause) {
        String available;
        try (Stream<Path> devices = Files.list(Path.of("/sys/class/net"))) {
            available = Stream.concat(Stream.of(LiveRingConfig.ANY), devices.map(d -> d.getFileName().toString())
                    .sorted()).collect(Collectors.joining(", "));
        } catch (IOException e) {
            available = LiveRingConfig.ANY;
        }
        return new IOException("no such interface: " + name + " (available: " + available + ")", cause);
    }

    private static int hardwareType(String name) throws IOException {
        try {
            return Integer.parseInt(Files.readString(Path.of("/sys/class/net", name, "type")).strip());
        } catch (NoSuchFileException e) {
            throw noSuchInterface(name, e);
        }
    }

    /**
     * Attaches a classic BPF program as {@code tcpdump -dd} prints it: four numbers per instruction
     * ({@code code, jt, jf, k}). Call before {@link #start}: the socket then receives nothing that has not passed
     * the filter, and the filter is locked when the socket is bound. For {@code any} and other cooked sources the
     * kernel runs the program on the packet from its network header on (libpcap's cooked-mode offsets).
     *
     * @throws IllegalStateException after {@link #start}
     */
    public void attachFilter(int[] instructions) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            attach(LivePacketSocket.program(arena, instructions), instructions.length / 4);
        }
    }

    private synchronized void attach(MemorySegment program, int count) throws IOException {
        if (started) {
            throw new IllegalStateException("attach the filter of " + name() + " before start()");
        }
        socket.attachFilter(program, count);
        filterAttached = true;
    }

    /**
     * tcpdump's {@code -Q}: hands on only packets received ({@link Direction#IN}) or sent ({@link Direction#OUT}) by
     * the interface, as the kernel marks each frame; call before {@link #start()}.
     */
    public void direction(Direction direction) {
        reader.direction(direction);
    }

    /** Binds the socket and enables promiscuous mode and fanout as configured: packets start to arrive. */
    public synchronized void start() throws IOException {
        if (started) {
            return;
        }
        socket.bind(ifindex, config.interfaceName());
        if (filterAttached) {
            socket.lockFilter();
        }
        if (config.promiscuous() && !config.isAny()) {
            socket.promiscuous(ifindex);
        }
        if (fanoutGroup >= 0) {
            socket.joinFanout(fanoutGroup);
        }
        started = true;
    }

    /** {@inheritDoc} Starts the source first if {@link #start} was not called. */
    @Override
    public boolean nextBatch(PacketBatch batch) throws IOException {
        if (!started) {
            start();
        }
        return reader.nextBatch(batch);
    }

    /**
     * Ends the capture without losing what the kernel has handed over: the kernel's counters are read a last time,
     * and {@link #nextBatch} returns false once the worker has read every packet they count as put in the ring
     * (within two block timeouts and a second). Safe from any thread (a signal handler's): a worker asleep in
     * epoll sees it within {@link RingBlockReader#POLL_TIMEOUT_MILLIS}.
     */
    public void stop() {
        reader.requestDrain(null);
    }

    /** The ring's geometry and the capture's options. */
    public LiveRingConfig config() {
        return config;
    }

    /** What the ring did so far. */
    public RingStatistics ringStatistics() {
        return counters.snapshot();
    }

    @Override
    public String name() {
        return config.interfaceName();
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public int snapshotLength() {
        return config.snapshotLength();
    }

    @Override
    public boolean nanosecondTimestamps() {
        return true;
    }

    /** The name of kernel interface {@code interfaceIndex}, cached; null when there is none. */
    @Override
    public String interfaceName(int interfaceIndex) {
        if (interfaceIndex == ifindex && !config.isAny()) {
            return config.interfaceName();
        }
        if (interfaceIndex <= 0 || interfaceIndex >= NAME_CACHE_SIZE) {
            return interfaceIndex <= 0 ? null : Libc.if_indextoname(interfaceIndex);
        }
        String name = interfaceNames[interfaceIndex]; // a racy cache of immutable strings: a miss only costs a call
        if (name == null) {
            name = Libc.if_indextoname(interfaceIndex);
            interfaceNames[interfaceIndex] = name;
        }
        return name;
    }

    /** The kernel's counters, accumulated over PACKET_STATISTICS reads; final once drained or closed. */
    @Override
    public SourceStatistics statistics() {
        try {
            return socket.statistics();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the counters a last time, unmaps the ring and closes the socket and its epoll instance; call once the
     * worker is done with {@link #nextBatch}.
     */
    @Override
    public void close() throws IOException {
        reader.stop();
        try {
            wait.close();
        } finally {
            socket.close();
        }
    }
}
