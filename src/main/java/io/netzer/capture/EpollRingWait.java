package io.netzer.capture;

import io.netzer.sys.Epoll;
import io.netzer.sys.EpollEvent;
import io.netzer.sys.Errno;
import io.netzer.sys.Libc;
import io.netzer.sys.LinuxConstants;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The worker's sleep until the kernel closes a ring block: epoll on the packet socket, edge-triggered. A TPACKET_V3
 * socket wakes its waiters once per block it closes (by timeout or full), and an edge-triggered registration
 * keeps such a wake-up until the next wait reports it, so a block closed after the worker looked at the ring and
 * before it waits ends the wait at once. (Level-triggered, epoll would ask the socket each time; the socket is
 * readable while the block before the kernel's current one is the user's, which the worker has already given
 * back whenever it waits, so both stay asleep while the ring is empty.)
 *
 * <p>Opened by the thread that starts the capture, used by the worker: its two small buffers live in an automatic
 * arena, reachable from any thread. Closed with the socket, once the worker is done.
 */
final class EpollRingWait implements RingBlockReader.RingWait, AutoCloseable {
    private final int fd;
    private final int epfd;
    private final String interfaceName;
    private final MemorySegment event;
    private final MemorySegment state;
    private boolean closed;

    private EpollRingWait(int fd, int epfd, String interfaceName) {
        this.fd = fd;
        this.epfd = epfd;
        this.interfaceName = interfaceName;
        Arena arena = Arena.ofAuto();
        event = arena.allocate(EpollEvent.LAYOUT);
        state = Errno.allocate(arena);
    }

    /** An epoll instance watching socket {@code fd} for blocks closed and for errors. */
    static EpollRingWait open(int fd, String interfaceName) throws IOException {
        int epfd = Epoll.create();
        try {
            Epoll.add(epfd, fd, Epoll.EPOLLIN | Epoll.EPOLLERR | Epoll.EPOLLET);
        } catch (IOException e) {
            Libc.close(epfd);
            throw e;
        }
        return new EpollRingWait(fd, epfd, interfaceName);
    }

    @Override
    public int await(int timeoutMillis) throws IOException {
        int ready = Epoll.wait(epfd, event, 1, timeoutMillis, state);
        if (ready < 0) {
            int errno = Errno.errno(state);
            if (errno != Errno.EINTR) {
                throw Errno.failure(errno, "epoll_wait(fd=" + fd + ")");
            }
            return READY;
        }
        if (ready > 0 && (EpollEvent.events(event) & Epoll.EPOLLERR) != 0) {
            return socketError();
        }
        return READY;
    }

    /** Reads and clears the socket's error: ENETDOWN or ENODEV say the interface went down or away. */
    private int socketError() throws IOException {
        int error = Libc.getsockoptInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ERROR);
        if (error == Errno.ENETDOWN || error == Errno.ENODEV) {
            return Libc.if_nametoindex(interfaceName) == 0 ? INTERFACE_REMOVED : INTERFACE_DOWN;
        }
        if (error != 0) {
            throw Errno.failure(error, "capture on " + interfaceName + ": socket error");
        }
        return READY;
    }

    /** Closes the epoll instance, once: a second close would close whatever descriptor took its number. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(epfd);
        }
    }
}
