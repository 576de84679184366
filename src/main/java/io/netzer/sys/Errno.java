package io.netzer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The errno side of every call: the call-state layout that {@code Linker.Option.captureCallState("errno")} fills,
 * and the one place where an errno becomes a {@link SystemCallException}.
 */
public final class Errno {
    /** The linker option that makes a downcall save errno right after the call, before the JVM can clobber it. */
    public static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    /** Layout of the call state a capturing downcall takes as its first argument. */
    public static final StructLayout LAYOUT = Linker.Option.captureStateLayout();

    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Try again (a non-blocking call found nothing). */
    public static final int EAGAIN = 11;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** Network is down. */
    public static final int ENETDOWN = 100;

    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    // char *strerror(int errnum): glibc's is thread-safe for known values since 2.32; only used when failing, so
    // linked at the first failure (Libc's holder classes say why).
    private static final class Strerror {
        static final MethodHandle HANDLE = Downcalls.link("strerror", FunctionDescriptor.of(ADDRESS,
                JAVA_INT /* errnum */));
    }

    private Errno() {
    }

    /** A call-state segment for one downcall, owned by {@code arena}. */
    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** The errno a capturing downcall saved into {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /**
     * The exception for a failed call: reads errno from {@code state} and names it with strerror.
     *
     * @param state the call state the failed downcall filled
     * @param call  the call and its arguments, built by the caller only once it failed
     */
    public static SystemCallException failure(MemorySegment state, String call) {
        return failure(errno(state), call);
    }

    /** The exception for {@code call} that failed with {@code errno}. */
    public static SystemCallException failure(int errno, String call) {
        return new SystemCallException(call, errno, strerror(errno));
    }

    /** strerror's text for {@code errno}. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /**
     * What to throw when {@code invokeExact} itself throws: a downcall with a matching type never does, so this is
     * a programming error, rethrown unchecked.
     */
    public static RuntimeException unexpected(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call failed", e);
    }
}
