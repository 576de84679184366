package io.netzer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into glibc. Every handle is built once, at its first call: each lives in a holder class of its own that
 * the JVM initialises when the handle is first read, since linking one costs milliseconds (lambda forms and a stub)
 * and reading a file calls almost none of them. A {@code static final} read from a holder costs nothing once
 * compiled (the JIT folds it to a constant). Those whose failure is reported through errno capture it
 * ({@link Errno#CAPTURE}) and pass a call-state segment first. The wrappers are for cold paths: they allocate the
 * call state and throw {@link SystemCallException}. The one hot call, {@link Epoll#wait}, lives with the rest of
 * epoll.
 */
public final class Libc {
    // int socket(int domain, int type, int protocol)
    private static final class Socket {
        static final MethodHandle HANDLE = capturing("socket", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* domain */, JAVA_INT /* type */, JAVA_INT /* protocol */));
    }

    // int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen)
    private static final class Bind {
        static final MethodHandle HANDLE = capturing("bind", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* sockfd */, ADDRESS /* addr */, JAVA_INT /* addrlen */));
    }

    // int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen)
    private static final class Setsockopt {
        static final MethodHandle HANDLE = capturing("setsockopt", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* sockfd */, JAVA_INT /* level */, JAVA_INT /* optname */, ADDRESS /* optval */,
                JAVA_INT /* optlen */));
    }

    // int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen)
    private static final class Getsockopt {
        static final MethodHandle HANDLE = capturing("getsockopt", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* sockfd */, JAVA_INT /* level */, JAVA_INT /* optname */, ADDRESS /* optval */,
                ADDRESS /* optlen, in and out */));
    }

    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
    private static final class Mmap {
        static final MethodHandle HANDLE = capturing("mmap", FunctionDescriptor.of(ADDRESS,
                ADDRESS /* addr hint */, JAVA_LONG /* length */, JAVA_INT /* prot */, JAVA_INT /* flags */,
                JAVA_INT /* fd */, JAVA_LONG /* offset */));
    }

    // int munmap(void *addr, size_t length)
    private static final class Munmap {
        static final MethodHandle HANDLE = capturing("munmap", FunctionDescriptor.of(JAVA_INT,
                ADDRESS /* addr */, JAVA_LONG /* length */));
    }

    // int close(int fd)
    private static final class Close {
        static final MethodHandle HANDLE = capturing("close", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* fd */));
    }

    // unsigned int if_nametoindex(const char *ifname): 0 when there is no such interface
    private static final class IfNametoindex {
        static final MethodHandle HANDLE = plain("if_nametoindex", FunctionDescriptor.of(JAVA_INT,
                ADDRESS /* ifname */));
    }

    // char *if_indextoname(unsigned int ifindex, char *ifname): NULL when there is no such interface
    private static final class IfIndextoname {
        static final MethodHandle HANDLE = plain("if_indextoname", FunctionDescriptor.of(ADDRESS,
                JAVA_INT /* ifindex */, ADDRESS /* ifname, IF_NAMESIZE bytes */));
    }

    // sighandler_t signal(int signum, sighandler_t handler): the previous handler, SIG_ERR (-1) on failure
    private static final class Signal {
        static final MethodHandle HANDLE = plain("signal", FunctionDescriptor.of(ADDRESS,
                JAVA_INT /* signum */, ADDRESS /* handler */));
    }

    // int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)
    private static final class SchedSetaffinity {
        static final MethodHandle HANDLE = capturing("sched_setaffinity", FunctionDescriptor.of(
                JAVA_INT, JAVA_INT /* pid, a thread id */, JAVA_LONG /* cpusetsize */, ADDRESS /* mask */));
    }

    // pid_t gettid(void): never fails
    private static final class Gettid {
        static final MethodHandle HANDLE = plain("gettid", FunctionDescriptor.of(JAVA_INT));
    }

    // pid_t getpid(void): never fails
    private static final class Getpid {
        static final MethodHandle HANDLE = plain("getpid", FunctionDescriptor.of(JAVA_INT));
    }

    // uid_t getuid(void): never fails
    private static final class Getuid {
        static final MethodHandle HANDLE = plain("getuid", FunctionDescriptor.of(JAVA_INT));
    }

    // int setgroups(size_t size, const gid_t *list): glibc applies it to every thread of the process
    private static final class Setgroups {
        static final MethodHandle HANDLE = capturing("setgroups", FunctionDescriptor.of(JAVA_INT,
                JAVA_LONG /* size */, ADDRESS /* list */));
    }

    // int setresgid(gid_t rgid, gid_t egid, gid_t sgid): glibc applies it to every thread of the process
    private static final class Setresgid {
        static final MethodHandle HANDLE = capturing("setresgid", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* rgid */, JAVA_INT /* egid */, JAVA_INT /* sgid */));
    }

    // int setresuid(uid_t ruid, uid_t euid, uid_t suid): glibc applies it to every thread of the process
    private static final class Setresuid {
        static final MethodHandle HANDLE = capturing("setresuid", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT /* ruid */, JAVA_INT /* euid */, JAVA_INT /* suid */));
    }

    // int prctl(int option, ...): variadic after the option; every option used here takes four unsigned longs
    private static final class Prctl {
        static final MethodHandle HANDLE = Downcalls.link("prctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT /* option */, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1), Errno.CAPTURE);
    }

    // struct passwd *getpwnam(const char *name): NULL when there is no such user
    private static final class Getpwnam {
        static final MethodHandle HANDLE = plain("getpwnam", FunctionDescriptor.of(ADDRESS,
                ADDRESS /* name */));
    }

    /** IF_NAMESIZE: the longest interface name with its NUL. */
    public static final int IF_NAMESIZE = 16;
    /** The handler value that ignores a signal ({@code SIG_IGN}); {@code SIG_DFL} is 0. */
    private static final long SIG_IGN = 1;

    private Libc() {
    }

    static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        return Downcalls.link(name, descriptor, Errno.CAPTURE);
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return Downcalls.link(name, descriptor);
    }

    /** socket(2); returns the descriptor. */
    public static int socket(int domain, int type, int protocol) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int fd = (int) Socket.HANDLE.invokeExact(state, domain, type, protocol);
            if (fd < 0) {
                throw Errno.failure(state, "socket(" + domain + ", " + type + ", " + protocol + ")");
            }
            return fd;
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** bind(2) to {@code address}; {@code what} describes the address in the message of a failure. */
    public static void bind(int fd, MemorySegment address, String what) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Bind.HANDLE.invokeExact(state, fd, address, (int) address.byteSize());
            if (result < 0) {
                throw Errno.failure(state, "bind(fd=" + fd + ", " + what + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** setsockopt(2) with {@code value}'s bytes. */
    public static void setsockopt(int fd, int level, int name, MemorySegment value) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Setsockopt.HANDLE.invokeExact(state, fd, level, name, value,
                    (int) value.byteSize());
            if (result < 0) {
                throw Errno.failure(state, "setsockopt(fd=" + fd + ", "
                        + LinuxConstants.socketOptionName(level, name) + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** setsockopt(2) with one int. */
    public static void setsockopt(int fd, int level, int name, int value) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, name, arena.allocateFrom(JAVA_INT, value));
        }
    }

    /** getsockopt(2) into {@code value}; returns the length the kernel wrote. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) value.byteSize());
            int result = (int) Getsockopt.HANDLE.invokeExact(state, fd, level, name, value, length);
            if (result < 0) {
                throw Errno.failure(state, "getsockopt(fd=" + fd + ", "
                        + LinuxConstants.socketOptionName(level, name) + ")");
            }
            return length.get(JAVA_INT, 0);
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** getsockopt(2) of one int. */
    public static int getsockoptInt(int fd, int level, int name) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            getsockopt(fd, level, name, value);
            return value.get(JAVA_INT, 0);
        }
    }

    /** mmap(2) of {@code length} bytes of {@code fd}; returns the address as a zero-length segment. */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset)
            throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            MemorySegment address = (MemorySegment) Mmap.HANDLE.invokeExact(state, MemorySegment.NULL, length, prot,
                    flags, fd, offset);
            if (address.address() == -1L) { // MAP_FAILED
                throw Errno.failure(state, "mmap(length=" + length + ", fd=" + fd + ")");
            }
            return address;
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** munmap(2). */
    public static void munmap(MemorySegment address, long length) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Munmap.HANDLE.invokeExact(state, address, length);
            if (result < 0) {
                throw Errno.failure(state, "munmap(length=" + length + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** close(2). */
    public static void close(int fd) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Close.HANDLE.invokeExact(state, fd);
            if (result < 0) {
                throw Errno.failure(state, "close(fd=" + fd + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** if_nametoindex(3); 0 when there is no such interface. */
    public static int if_nametoindex(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) IfNametoindex.HANDLE.invokeExact(arena.allocateFrom(name));
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** if_indextoname(3); null when there is no such interface. */
    public static String if_indextoname(int index) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(IF_NAMESIZE);
            MemorySegment result = (MemorySegment) IfIndextoname.HANDLE.invokeExact(index, name);
            return result.equals(MemorySegment.NULL) ? null : name.getString(0);
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /**
     * signal(2) with SIG_DFL: gives {@code signal} its default action back, whatever this process inherited. A
     * shell starts the background jobs of a script with SIGINT ignored, and the JVM then leaves an ignored signal
     * alone (it installs no handler over SIG_IGN), so this must come before a handler is registered.
     *
     * @return whether the signal was ignored before
     */
    public static boolean resetSignal(int signal) {
        try {
            MemorySegment previous = (MemorySegment) Signal.HANDLE.invokeExact(signal, MemorySegment.NULL);
            return previous.address() == SIG_IGN;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** sched_setaffinity(2) of thread {@code tid} to the cpu_set_t in {@code mask}. */
    public static void sched_setaffinity(int tid, MemorySegment mask, String cpus) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) SchedSetaffinity.HANDLE.invokeExact(state, tid, mask.byteSize(), mask);
            if (result < 0) {
                throw Errno.failure(state, "sched_setaffinity(tid=" + tid + ", cpus=" + cpus + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** gettid(2): the calling thread's kernel id. */
    public static int gettid() {
        try {
            return (int) Gettid.HANDLE.invokeExact();
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** getpid(2). */
    public static int getpid() {
        try {
            return (int) Getpid.HANDLE.invokeExact();
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** getuid(2): the real user id. */
    public static int getuid() {
        try {
            return (int) Getuid.HANDLE.invokeExact();
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** setgroups(0, NULL): drops every supplementary group, in every thread. */
    public static void setgroupsEmpty() throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Setgroups.HANDLE.invokeExact(state, 0L, MemorySegment.NULL);
            if (result < 0) {
                throw Errno.failure(state, "setgroups(0, NULL)");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** setresgid(2) of every thread. */
    public static void setresgid(int rgid, int egid, int sgid) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Setresgid.HANDLE.invokeExact(state, rgid, egid, sgid);
            if (result < 0) {
                throw Errno.failure(state, "setresgid(" + rgid + ", " + egid + ", " + sgid + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** setresuid(2) of every thread. */
    public static void setresuid(int ruid, int euid, int suid) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Setresuid.HANDLE.invokeExact(state, ruid, euid, suid);
            if (result < 0) {
                throw Errno.failure(state, "setresuid(" + ruid + ", " + euid + ", " + suid + ")");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /** prctl(2) with four arguments; returns its non-negative result. */
    public static int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.allocate(arena);
            int result = (int) Prctl.HANDLE.invokeExact(state, option, arg2, arg3, arg4, arg5);
            if (result < 0) {
                throw Errno.failure(state, "prctl(" + option + ", " + arg2 + ")");
            }
            return result;
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }

    /**
     * getpwnam(3): the user's uid and gid as {@code {uid, gid}}, or null when there is no such user (or the user
     * database cannot be read: glibc leaves errno unspecified for "not found", so the two cannot be told apart).
     * Not thread-safe (glibc's static buffer): call it once, during setup.
     */
    public static int[] getpwnam(String user) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment passwd = (MemorySegment) Getpwnam.HANDLE.invokeExact(arena.allocateFrom(user));
            if (passwd.equals(MemorySegment.NULL)) {
                return null;
            }
            MemorySegment entry = passwd.reinterpret(Passwd.LAYOUT.byteSize());
            return new int[] {Passwd.pwUid(entry), Passwd.pwGid(entry)};
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }
}
