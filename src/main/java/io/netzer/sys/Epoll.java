package io.netzer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * epoll(7), for waiting on a packet ring. The worker uses it edge-triggered: a TPACKET_V3 socket wakes its
 * waiters once per block the kernel closes, while poll(2) and level-triggered epoll report it readable for as long
 * as the block before the kernel's current one is still the user's.
 */
public final class Epoll {
    /** Readable. */
    public static final int EPOLLIN = 0x001;
    /** Error condition (always reported, asked or not). */
    public static final int EPOLLERR = 0x008;
    /** Edge-triggered: report each wake-up once, not the readiness state. */
    public static final int EPOLLET = 1 << 31;
    /** epoll_ctl: register a descriptor. */
    public static final int EPOLL_CTL_ADD = 1;
    /** epoll_create1: close the epoll descriptor on exec. */
    public static final int EPOLL_CLOEXEC = 0x80000;

    // int epoll_create1(int flags)
    private static final MethodHandle EPOLL_CREATE1 = Libc.capturing("epoll_create1", FunctionDescriptor.of(
            JAVA_INT, JAVA_INT /* flags */));
    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
    private static final MethodHandle EPOLL_CTL = Libc.capturing("epoll_ctl", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT /* epfd */, JAVA_INT /* op */, JAVA_INT /* fd */, ADDRESS /* event */));
    // int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
    private static final MethodHandle EPOLL_WAIT = Libc.capturing("epoll_wait", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT /* epfd */, ADDRESS /* events, out */, JAVA_INT /* maxevents */, JAVA_INT /* timeout, ms */));

    private Epoll() {
    }

    /** epoll_create1(2) with close-on-exec; returns the epoll descriptor. */
    public static int create() throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int epfd = (int) EPOLL_CREATE1.invokeExact(state, EPOLL_CLOEXEC);
            if (epfd < 0) {
                throw Errno.failure(state, "epoll_create1(EPOLL_CLOEXEC)");
            }
            return epfd;
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** epoll_ctl(2) EPOLL_CTL_ADD of {@code fd} for {@code events}. */
    public static void add(int epfd, int fd, int events) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            MemorySegment event = arena.allocate(EpollEvent.LAYOUT);
            EpollEvent.events(event, events);
            EpollEvent.data(event, fd);
            int result = (int) EPOLL_CTL.invokeExact(state, epfd, EPOLL_CTL_ADD, fd, event);
            if (result < 0) {
                throw Errno.failure(state, "epoll_ctl(epfd=" + epfd + ", EPOLL_CTL_ADD, fd=" + fd + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /**
     * epoll_wait(2) for the hot path: no allocation, no exception. {@code events} holds {@code maxEvents}
     * {@link EpollEvent}s. Returns epoll_wait's result; when negative, errno lies in {@code state}
     * ({@link Errno#EINTR} is routine).
     */
    public static int wait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis, MemorySegment state) {
        try {
            return (int) EPOLL_WAIT.invokeExact(state, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }
}
