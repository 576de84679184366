package io.netzer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A private network namespace for the calling thread: {@code unshare(CLONE_NEWNET)}, then its loopback interface
 * brought up with {@code SIOCSIFFLAGS}. For a process that must capture its own traffic (the AOT cache's training)
 * without touching the machine's interfaces.
 *
 * <p>Linux keeps namespaces per task, and a JVM thread is one: the namespace is the calling thread's alone, and the
 * threads it starts afterwards are born in it (a new task takes its creator's namespaces). A socket stays in the
 * namespace it was made in, whichever thread then uses it. The namespace goes when its last thread has ended and
 * its last socket is closed. Entering one needs {@code CAP_SYS_ADMIN}: without it {@link #enterNew} fails with
 * EPERM.
 *
 * <p>The interface request, of which only the name and the flags are used:
 * <pre>
 * struct ifreq {
 *     char  ifr_name[IFNAMSIZ];   // offset 0: the interface name, NUL-terminated
 *     union {
 *         short ifr_flags;        // offset 16: IFF_* flags (SIOCGIFFLAGS, SIOCSIFFLAGS)
 *         ...                     // the largest member, struct ifmap, makes the union 24 bytes
 *     };
 * };
 * </pre>
 */
public final class NetworkNamespace {
    /** CLONE_NEWNET ({@code <sched.h>}): a new network namespace. */
    private static final int CLONE_NEWNET = 0x40000000;
    /** AF_INET: any socket serves for interface requests; this one exists in every namespace. */
    private static final int AF_INET = 2;
    /** SIOCGIFFLAGS ({@code <linux/sockios.h>}): read an interface's flags. */
    private static final long SIOCGIFFLAGS = 0x8913;
    /** SIOCSIFFLAGS: set an interface's flags. */
    private static final long SIOCSIFFLAGS = 0x8914;
    /** IFF_UP ({@code <net/if.h>}): the interface is up. */
    private static final short IFF_UP = 0x1;
    /** Offset of {@code ifr_flags} in {@code struct ifreq}, right after the name. */
    private static final long IFREQ_FLAGS_OFFSET = Libc.IF_NAMESIZE;
    /** sizeof(struct ifreq) on Linux/x64 and arm64: the name and a 24-byte union. */
    private static final long IFREQ_SIZE = IFREQ_FLAGS_OFFSET + 24;

    // int unshare(int flags)
    private static final class Unshare {
        static final MethodHandle HANDLE = Libc.capturing("unshare", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* flags */));
    }

    // int ioctl(int fd, unsigned long request, ...): variadic after the request; the requests here take a pointer
    private static final class Ioctl {
        static final MethodHandle HANDLE = Downcalls.link("ioctl", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* fd */, JAVA_LONG /* request */, ADDRESS /* argp */),
                Linker.Option.firstVariadicArg(2), Errno.CAPTURE);
    }

    private NetworkNamespace() {
    }

    /**
     * Moves the calling thread into a new network namespace and brings its {@code lo} up (a new namespace has only
     * {@code lo}, and down).
     *
     * @throws SystemCallException EPERM without {@code CAP_SYS_ADMIN}, or the interface request's failure
     */
    public static void enterNew() throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Unshare.HANDLE.invokeExact(state, CLONE_NEWNET);
            if (result < 0) {
                throw Errno.failure(state, "unshare(CLONE_NEWNET)");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
        bringUp("lo");
    }

    /** Sets {@code IFF_UP} in the flags of the interface {@code name} of the calling thread's namespace. */
    private static void bringUp(String name) throws SystemCallException {
        int fd = Libc.socket(AF_INET, LinuxConstants.SOCK_DGRAM | LinuxConstants.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = arena.allocate(IFREQ_SIZE);
            request.copyFrom(arena.allocateFrom(name));
            ioctl(arena, fd, SIOCGIFFLAGS, request, name);
            short flags = request.get(JAVA_SHORT, IFREQ_FLAGS_OFFSET);
            request.set(JAVA_SHORT, IFREQ_FLAGS_OFFSET, (short) (flags | IFF_UP));
            ioctl(arena, fd, SIOCSIFFLAGS, request, name);
        } finally {
            Libc.close(fd);
        }
    }

    private static void ioctl(Arena arena, int fd, long request, MemorySegment ifreq, String name)
            throws SystemCallException {
        try {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Ioctl.HANDLE.invokeExact(state, fd, request, ifreq);
            if (result < 0) {
                throw Errno.failure(state, "ioctl(fd=" + fd + ", " + (request == SIOCGIFFLAGS ? "SIOCGIFFLAGS"
                        : "SIOCSIFFLAGS") + ", " + name + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }
}
