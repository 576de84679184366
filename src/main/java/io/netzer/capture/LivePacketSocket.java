package io.netzer.capture;

import io.netzer.sys.Errno;
import io.netzer.sys.Libc;
import io.netzer.sys.PacketMreq;
import io.netzer.sys.SockFilter;
import io.netzer.sys.SockFprog;
import io.netzer.sys.SockaddrLl;
import io.netzer.sys.SystemCallException;
import io.netzer.sys.TpacketReq3;
import io.netzer.sys.TpacketStatsV3;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.netzer.sys.LinuxConstants.AF_PACKET;
import static io.netzer.sys.LinuxConstants.ETH_P_ALL;
import static io.netzer.sys.LinuxConstants.MAP_SHARED;
import static io.netzer.sys.LinuxConstants.PACKET_ADD_MEMBERSHIP;
import static io.netzer.sys.LinuxConstants.PACKET_FANOUT;
import static io.netzer.sys.LinuxConstants.PACKET_FANOUT_FLAG_DEFRAG;
import static io.netzer.sys.LinuxConstants.PACKET_FANOUT_HASH;
import static io.netzer.sys.LinuxConstants.PACKET_MR_PROMISC;
import static io.netzer.sys.LinuxConstants.PACKET_RX_RING;
import static io.netzer.sys.LinuxConstants.PACKET_STATISTICS;
import static io.netzer.sys.LinuxConstants.PACKET_VERSION;
import static io.netzer.sys.LinuxConstants.PROT_READ;
import static io.netzer.sys.LinuxConstants.PROT_WRITE;
import static io.netzer.sys.LinuxConstants.SOCK_CLOEXEC;
import static io.netzer.sys.LinuxConstants.SOL_PACKET;
import static io.netzer.sys.LinuxConstants.SOL_SOCKET;
import static io.netzer.sys.LinuxConstants.SO_ATTACH_FILTER;
import static io.netzer.sys.LinuxConstants.SO_LOCK_FILTER;
import static io.netzer.sys.LinuxConstants.TPACKET_V3;

/**
 * One AF_PACKET socket and its mmap'd TPACKET_V3 ring: the setup calls, in the order they must come, and the
 * kernel's counters. The socket is created with protocol 0, so it receives nothing until {@link #bind}: a filter
 * attached before that sees every packet the socket will ever get, and no drain is needed.
 */
final class LivePacketSocket implements AutoCloseable {
    private final int fd;
    private final Arena ringArena = Arena.ofShared();
    private MemorySegment ringAddress = MemorySegment.NULL;
    private long ringLength;
    private long packets;
    private long drops;
    private long freezes;
    private boolean closed;
    private boolean frozen;

    private LivePacketSocket(int fd) {
        this.fd = fd;
    }

    /**
     * socket(AF_PACKET, type, 0) with TPACKET_V3 chosen.
     *
     * @throws IOException saying that root or CAP_NET_RAW is needed when the kernel refuses
     */
    static LivePacketSocket open(int type, String interfaceName) throws IOException {
        int fd;
        try {
            fd = Libc.socket(AF_PACKET, type | SOCK_CLOEXEC, 0);
        } catch (SystemCallException e) {
            if (e.errno() == Errno.EPERM) {
                throw new IOException("capturing on " + interfaceName + " needs root or CAP_NET_RAW:"
                        + " socket(AF_PACKET) failed: " + Errno.strerror(e.errno()), e);
            }
            throw e;
        }
        LivePacketSocket socket = new LivePacketSocket(fd);
        try {
            Libc.setsockopt(fd, SOL_PACKET, PACKET_VERSION, TPACKET_V3);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    int fd() {
        return fd;
    }

    /** PACKET_RX_RING, then one mmap of the whole ring; returns the ring, valid until {@link #close}. */
    MemorySegment mapRing(LiveRingConfig config) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment req = arena.allocate(TpacketReq3.LAYOUT);
            TpacketReq3.tpBlockSize(req, config.blockSize());
            TpacketReq3.tpBlockNr(req, config.blockCount());
            TpacketReq3.tpFrameSize(req, config.frameSize());
            TpacketReq3.tpFrameNr(req, config.blockSize() / config.frameSize() * config.blockCount());
            TpacketReq3.tpRetireBlkTov(req, config.blockTimeoutMillis());
            ringLength = (long) config.blockSize() * config.blockCount();
            // The kernel allocates the ring block by block without checking first: a ring larger than memory
            // ends in the OOM killer, not in ENOMEM. Half of what is available is the most we ask for.
            if (ringLength > memoryAvailable() / 2) {
                throw ringTooLarge(config, "MemAvailable is " + (memoryAvailable() >> 20) + " MiB");
            }
            try {
                Libc.setsockopt(fd, SOL_PACKET, PACKET_RX_RING, req);
                ringAddress = Libc.mmap(ringLength, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            } catch (SystemCallException e) {
                throw e.errno() == Errno.ENOMEM ? ringTooLarge(config, e.getMessage()) : e;
            }
        }
        // a shared arena: closing it makes any later access throw instead of touching unmapped memory
        return ringAddress.reinterpret(ringLength, ringArena, null);
    }

    /** SO_ATTACH_FILTER with {@code count} sock_filter instructions. */
    private IOException ringTooLarge(LiveRingConfig config, String reason) {
        return new IOException("the ring of " + config.blockCount() + " blocks of " + (config.blockSize() >> 10)
                + " KiB (" + (ringLength >> 20) + " MiB) does not fit in memory: try fewer or smaller blocks, e.g. "
                + "--ring-blocks " + Math.max(1, config.blockCount() / 4) + " or --ring-block-size "
                + Math.max(4, (config.blockSize() >> 10) / 4) + "k (" + reason + ")");
    }

    /** MemAvailable from /proc/meminfo, in bytes; Long.MAX_VALUE when it cannot be read. */
    private static long memoryAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No figure: leave it to the kernel.
        }
        return Long.MAX_VALUE;
    }

    void attachFilter(MemorySegment program, int count) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fprog = arena.allocate(SockFprog.LAYOUT);
            SockFprog.len(fprog, count);
            SockFprog.filter(fprog, program);
            Libc.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog);
        }
    }

    /** SO_LOCK_FILTER: nobody, not even this process after a compromise, may change the filter again. */
    void lockFilter() throws IOException {
        Libc.setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, 1);
    }

    /** bind to every protocol on {@code ifindex} (0: every interface); packets start to arrive. */
    void bind(int ifindex, String interfaceName) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SockaddrLl.LAYOUT);
            SockaddrLl.sllFamily(address, 0, AF_PACKET);
            SockaddrLl.sllProtocol(address, 0, ETH_P_ALL);
            SockaddrLl.sllIfindex(address, 0, ifindex);
            Libc.bind(fd, address, interfaceName + " (ifindex " + ifindex + ")");
        }
    }

    /** PACKET_ADD_MEMBERSHIP PACKET_MR_PROMISC; the kernel undoes it when the socket closes. */
    void promiscuous(int ifindex) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mreq = arena.allocate(PacketMreq.LAYOUT);
            PacketMreq.mrIfindex(mreq, ifindex);
            PacketMreq.mrType(mreq, PACKET_MR_PROMISC);
            Libc.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq);
        }
    }

    /** Joins fanout group {@code group} in hash mode with IP defragmentation; must follow {@link #bind}. */
    void joinFanout(int group) throws IOException {
        int mode = PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG;
        Libc.setsockopt(fd, SOL_PACKET, PACKET_FANOUT, (group & 0xffff) | mode << 16);
    }

    /**
     * The kernel's counters since the socket opened (PACKET_STATISTICS resets them on each read: accumulate).
     * On TPACKET_V3 the kernel's {@code tp_packets} includes {@code tp_drops}; what it put in the ring is the
     * difference.
     */
    synchronized SourceStatistics statistics() throws IOException {
        if (!closed && !frozen) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment stats = arena.allocate(TpacketStatsV3.LAYOUT);
                Libc.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, stats);
                packets += TpacketStatsV3.tpPackets(stats);
                drops += TpacketStatsV3.tpDrops(stats);
                freezes += TpacketStatsV3.tpFreezeQCnt(stats);
            }
        }
        return new SourceStatistics(packets, drops, freezes);
    }

    /**
     * Reads the counters a last time and keeps them from then on, for a drain ({@link RingBlockReader}).
     *
     * @return the packets the kernel put in the ring since the socket opened
     */
    synchronized long freezeStatistics() throws IOException {
        statistics();
        frozen = true;
        return packets - drops;
    }

    /** Reads the counters a last time, unmaps the ring and closes the socket. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            statistics();
        } finally {
            closed = true;
            if (ringArena.scope().isAlive()) {
                ringArena.close();
            }
            try {
                if (!ringAddress.equals(MemorySegment.NULL)) {
                    Libc.munmap(ringAddress, ringLength);
                }
            } finally {
                Libc.close(fd);
            }
        }
    }

    /** A sock_filter program from {@code tcpdump -dd}'s numbers: {code, jt, jf, k} per instruction. */
    static MemorySegment program(Arena arena, int[] instructions) {
        if (instructions.length == 0 || instructions.length % 4 != 0
                || instructions.length / 4 > SockFprog.BPF_MAXINSNS) {
            throw new IllegalArgumentException("BPF program of " + instructions.length + " numbers (expected 4 per"
                    + " instruction, 1 to " + SockFprog.BPF_MAXINSNS + " instructions)");
        }
        MemorySegment program = arena.allocate(SockFilter.LAYOUT, instructions.length / 4);
        for (int i = 0; i < instructions.length / 4; i++) {
            SockFilter.set(program, i, instructions[4 * i], instructions[4 * i + 1], instructions[4 * i + 2],
                    instructions[4 * i + 3]);
        }
        return program;
    }
}
