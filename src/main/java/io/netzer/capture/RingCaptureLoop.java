package io.netzer.capture;

import io.netzer.sys.Errno;
import io.netzer.sys.Libc;
import io.netzer.sys.LinuxConstants;
import io.netzer.sys.Pollfd;
import io.netzer.sys.TpacketBlockDesc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture thread of one ring: waits in poll() for the kernel to close a block, checks it (sequence number,
 * why it was retired), and hands its index to the worker. It looks only at the next block in ring order, the one
 * the kernel fills next, as psock_tpacket.c does.
 *
 * <p>It never waits for the worker: when the worker holds every block, or the queue is full, it stops handing
 * over and the kernel, finding no free block, drops packets and counts them in PACKET_STATISTICS.
 */
final class RingCaptureLoop implements Runnable {
    /** poll() timeout: how long a stop request may take to be seen when no traffic arrives. */
    static final int POLL_TIMEOUT_MILLIS = 100;
    // poll() reports readable while the block before the kernel's current one is the user's, which it is while
    // the worker still walks it; when the next block is not ready yet, back off (doubling, so that a long walk
    // costs a few wake-ups, not one per 50 us) rather than spin
    private static final long BACKOFF_NANOS = 50_000L;
    private static final long MAX_BACKOFF_NANOS = 1_000_000L;

    private final int fd;
    private final String interfaceName;
    private final MemorySegment[] blocks;
    private final RingHandoff handoff;
    private final RingCounters counters;
    private final int[] cpus;

    private long lastSequence;
    private long backoff = BACKOFF_NANOS;

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
        try (Arena arena = Arena.ofConfined()) {
            if (cpus.length > 0) {
                CpuAffinity.pinCurrentThread(cpus);
            }
            MemorySegment pollfd = arena.allocate(Pollfd.LAYOUT);
            MemorySegment state = Errno.allocate(arena);
            Pollfd.fd(pollfd, fd);
            Pollfd.events(pollfd, (short) (LinuxConstants.POLLIN | LinuxConstants.POLLERR));
            loop(pollfd, state);
        } catch (IOException e) {
            handoff.fail(e);
        } catch (RuntimeException e) {
            handoff.fail(new IOException("capture thread on " + interfaceName + " failed: " + e, e));
        }
    }

    private void loop(MemorySegment pollfd, MemorySegment state) throws IOException {
        int next = 0;
        long handed = 0;
        while (!handoff.isStopped()) {
            if (handed - counters.blocksReturned >= blocks.length) {
                LockSupport.parkNanos(BACKOFF_NANOS); // the worker holds every block: the kernel drops
                continue;
            }
            MemorySegment block = blocks[next];
            int status = TpacketBlockDesc.blockStatusAcquire(block);
            if ((status & LinuxConstants.TP_STATUS_USER) == 0) {
                waitForBlock(block, pollfd, state);
                continue;
            }
            // read the header before handing over: from then on the block may go back to the kernel any time
            long sequence = TpacketBlockDesc.seqNum(block);
            if (!handoff.handOver(next)) {
                counters.queueFullStalls = counters.queueFullStalls + 1;
                LockSupport.parkNanos(BACKOFF_NANOS);
                continue;
            }
            handed++;
            backoff = BACKOFF_NANOS;
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
     * Removed (the name no longer resolves) ends the capture.
     */
    private void socketError() throws IOException {
        int error = Libc.getsockoptInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ERROR);
        if (error == Errno.ENETDOWN || error == Errno.ENODEV) {
            if (Libc.if_nametoindex(interfaceName) == 0) {
                throw new IOException("capture on " + interfaceName + " ended: the interface was removed");
            }
            counters.interfaceDownEvents = counters.interfaceDownEvents + 1;
            LockSupport.parkNanos(POLL_TIMEOUT_MILLIS * 1_000_000L);
            return;
        }
        if (error != 0) {
            throw Errno.failure(error, "capture on " + interfaceName + ": socket error");
        }
    }

    private void waitForBlock(MemorySegment block, MemorySegment pollfd, MemorySegment state) throws IOException {
        int ready = Libc.poll(pollfd, 1, POLL_TIMEOUT_MILLIS, state);
        if (ready < 0) {
            int errno = Errno.errno(state);
            if (errno != Errno.EINTR) {
                throw Errno.failure(errno, "poll(fd=" + fd + ")");
            }
        } else if (ready > 0) {
            if ((Pollfd.revents(pollfd) & LinuxConstants.POLLERR) != 0) {
                socketError();
                return;
            }
            if ((TpacketBlockDesc.blockStatusAcquire(block) & LinuxConstants.TP_STATUS_USER) == 0) {
                LockSupport.parkNanos(backoff);
                backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
            }
        }
    }
}
