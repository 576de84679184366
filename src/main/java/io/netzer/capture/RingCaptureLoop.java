package io.netzer.capture;

import io.netzer.sys.Epoll;
import io.netzer.sys.EpollEvent;
import io.netzer.sys.Errno;
import io.netzer.sys.Libc;
import io.netzer.sys.LinuxConstants;
import io.netzer.sys.TpacketBlockDesc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture thread of one ring: waits in epoll for the kernel to close a block, checks it (sequence number,
 * why it was retired), and hands its index to the worker. It looks only at the next block in ring order, the one
 * the kernel fills next, as psock_tpacket.c does.
 *
 * <p>The wait is edge-triggered ({@link Epoll}): the socket wakes its waiters once per block the kernel closes,
 * so the thread sleeps until the next block is ready even while the worker still walks the last one handed over,
 * one wake-up per block. (poll() reports the socket readable for as long as that block is the user's.)
 *
 * <p>It waits for the worker in one case only: when the worker holds every block, none is left for the kernel to
 * fill, so the kernel drops packets (counted in PACKET_STATISTICS) and this thread parks until the worker returns
 * a block ({@link RingHandoff#awaitReturned}, at most {@link #POLL_TIMEOUT_MILLIS} at a time, so a stop is seen).
 * When the hand-over queue is full it backs off for 50 microseconds and tries the same block again; it never
 * blocks the worker.
 */
final class RingCaptureLoop implements Runnable {
    /** epoll_wait() timeout: how long a stop request may take to be seen when no traffic arrives. */
    static final int POLL_TIMEOUT_MILLIS = 100;
    private static final long POLL_TIMEOUT_NANOS = POLL_TIMEOUT_MILLIS * 1_000_000L;
    /** Back-off while the hand-over queue is full. */
    private static final long QUEUE_FULL_BACKOFF_NANOS = 50_000L;

    private final int fd;
    private final String interfaceName;
    private final MemorySegment[] blocks;
    private final RingHandoff handoff;
    private final RingCounters counters;
    private final int[] cpus;

    private long lastSequence;

    /**
     * @param cpus where to pin the capture thread, or an empty array to leave it to the scheduler
     */
    RingCaptureLoop(int fd, String interfaceName, MemorySegment[] blocks, RingHandoff handoff,
            RingCounters counters, int[] cpus) {
        this.fd = fd;
        this.interfaceName = interfaceName;
        this.blocks = blocks;
        this.handoff = handoff;
        this.counters = counters;
        this.cpus = cpus;
    }

    @Override
    public void run() {
        int epfd = -1;
        try (Arena arena = Arena.ofConfined()) {
            if (cpus.length > 0) {
                CpuAffinity.pinCurrentThread(cpus);
            }
            epfd = Epoll.create();
            Epoll.add(epfd, fd, Epoll.EPOLLIN | Epoll.EPOLLERR | Epoll.EPOLLET);
            loop(epfd, arena.allocate(EpollEvent.LAYOUT), Errno.allocate(arena));
        } catch (IOException e) {
            handoff.fail(e);
        } catch (RuntimeException e) {
            handoff.fail(new IOException("capture thread on " + interfaceName + " failed: " + e, e));
        } finally {
            closeQuietly(epfd);
        }
    }

    private void loop(int epfd, MemorySegment event, MemorySegment state) throws IOException {
        int next = 0;
        long handed = 0;
        while (!handoff.isStopped()) {
            if (handed - counters.blocksReturned >= blocks.length) {
                // the worker holds every block, so the kernel drops: wait for one back
                handoff.awaitReturned(counters, handed - blocks.length + 1, POLL_TIMEOUT_NANOS);
                continue;
            }
            MemorySegment block = blocks[next];
            int status = TpacketBlockDesc.blockStatusAcquire(block);
            if ((status & LinuxConstants.TP_STATUS_USER) == 0) {
                waitForBlock(epfd, event, state);
                continue;
            }
            // read the header before handing over: from then on the block may go back to the kernel any time
            long sequence = TpacketBlockDesc.seqNum(block);
            if (!handoff.handOver(next)) {
                counters.queueFullStalls = counters.queueFullStalls + 1;
                LockSupport.parkNanos(QUEUE_FULL_BACKOFF_NANOS);
                continue;
            }
            handed++;
            account(status, sequence);
            next = next + 1 == blocks.length ? 0 : next + 1;
        }
    }
    private void account(int status, long sequence) {
        counters.blocksHanded = counters.blocksHanded + 1;
        if ((status & LinuxConstants.TP_STATUS_BLK_TMO) != 0) {
            counters.blocksRetiredByTimeout = counters.blocksRetiredByTimeout + 1;
        } else {
            counters.blocksRetiredFull = counters.blocksRetiredFull + 1;
        }
        if (lastSequence != 0 && sequence != lastSequence + 1) {
            counters.sequenceGaps = counters.sequenceGaps + Math.abs(sequence - lastSequence - 1);
        }
        lastSequence = sequence;
        int queued = handoff.queued();
        if (queued > counters.queueHighWater) {
            counters.queueHighWater = queued;
        }
    }

    /**
     * The kernel reports an interface going down, and being removed, as ENETDOWN on the socket (af_packet's
     * packet_notifier). Down is counted and capture goes on: the socket receives again once the interface is up.
     * Removed (the name no longer resolves) ends the capture once the worker has drained the ring: the blocks the
     * kernel has filled, and the one it closes within its block timeout, are still handed over.
     */
    private void socketError() throws IOException {
        int error = Libc.getsockoptInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ERROR);
        if (error == Errno.ENETDOWN || error == Errno.ENODEV) {
            if (Libc.if_nametoindex(interfaceName) == 0) {
                handoff.requestDrain(new IOException("capture on " + interfaceName
                        + " ended: the interface was removed"));
                return;
            }
            counters.interfaceDownEvents = counters.interfaceDownEvents + 1;
            LockSupport.parkNanos(POLL_TIMEOUT_NANOS);
            return;
        }
        if (error != 0) {
            throw Errno.failure(error, "capture on " + interfaceName + ": socket error");
        }
    }

    /** Sleeps until the kernel closes a block (or reports an error), or the timeout passes. */
    private void waitForBlock(int epfd, MemorySegment event, MemorySegment state) throws IOException {
        int ready = Epoll.wait(epfd, event, 1, POLL_TIMEOUT_MILLIS, state);
        if (ready < 0) {
            int errno = Errno.errno(state);
            if (errno != Errno.EINTR) {
                throw Errno.failure(errno, "epoll_wait(fd=" + fd + ")");
            }
        } else if (ready > 0 && (EpollEvent.events(event) & Epoll.EPOLLERR) != 0) {
            socketError();
        }
    }

    private static void closeQuietly(int epfd) {
        if (epfd >= 0) {
            try {
                Libc.close(epfd);
            } catch (IOException e) {
                // nothing was written through it: a failed close loses nothing
            }
        }
    }
}
