package io.netzer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code seccomp(2)} with {@code SECCOMP_SET_MODE_FILTER}, and the constants of {@code <linux/seccomp.h>} and
 * {@code <linux/audit.h>} a filter program needs.
 *
 * <p>Why the raw system call: glibc has no {@code seccomp} wrapper, and {@code prctl(PR_SET_SECCOMP)} cannot pass
 * {@link #SECCOMP_FILTER_FLAG_TSYNC}, the flag that makes the kernel put the filter, and no_new_privs, on every
 * thread of the process (a JVM has threads it does not run). So it goes through libc's variadic {@code syscall}.
 *
 * <p>The program runs over {@code struct seccomp_data}, in the byte order of the machine:
 * <pre>
 * struct seccomp_data {
 *     int   nr;                    // offset 0: the system call number
 *     __u32 arch;                  // offset 4: AUDIT_ARCH_* of the calling convention
 *     __u64 instruction_pointer;   // offset 8
 *     __u64 args[6];               // offset 16
 * };
 * </pre>
 */
public final class Seccomp {
    /** Offset of {@code nr} in {@code struct seccomp_data}. */
    public static final int DATA_NR_OFFSET = 0;
    /** Offset of {@code arch} in {@code struct seccomp_data}. */
    public static final int DATA_ARCH_OFFSET = DATA_NR_OFFSET + 4;
    /** Offset of {@code instruction_pointer}, the end of the two fields a program reads here. */
    public static final int DATA_INSTRUCTION_POINTER_OFFSET = DATA_ARCH_OFFSET + 4;

    /** AUDIT_ARCH_X86_64: EM_X86_64 (62), 64-bit, little-endian. */
    public static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    /** AUDIT_ARCH_AARCH64: EM_AARCH64 (183), 64-bit, little-endian. */
    public static final int AUDIT_ARCH_AARCH64 = 0xC00000B7;
    /** __X32_SYSCALL_BIT: set in {@code nr} by a call through the x32 ABI, which reports AUDIT_ARCH_X86_64. */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    /** SECCOMP_RET_KILL_PROCESS: kill the whole process, as if by an uncatchable SIGSYS. */
    public static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    /** SECCOMP_RET_ERRNO: fail the call with the errno in the low 16 bits. */
    public static final int SECCOMP_RET_ERRNO = 0x00050000;
    /** SECCOMP_RET_ALLOW: run the call. */
    public static final int SECCOMP_RET_ALLOW = 0x7fff0000;

    /** SECCOMP_SET_MODE_FILTER: the operation that installs a classic BPF program. */
    public static final int SECCOMP_SET_MODE_FILTER = 1;
    /** SECCOMP_FILTER_FLAG_TSYNC: install on every thread of the process, or on none. */
    public static final int SECCOMP_FILTER_FLAG_TSYNC = 1;

    // long syscall(long number, ...): variadic after the number; seccomp takes (operation, flags, args)
    private static final MethodHandle SYSCALL = Downcalls.link("syscall", FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG /* number */, JAVA_LONG /* operation */, JAVA_LONG /* flags */, ADDRESS /* args */),
            Linker.Option.firstVariadicArg(1), Errno.CAPTURE);

    private Seccomp() {
    }

    /**
     * Installs {@code count} instructions of {@code program} (an array of {@link SockFilter}) as a seccomp filter
     * on every thread of the process, through system call number {@code sysSeccomp} (it differs by architecture).
     * The kernel requires no_new_privs on the calling thread (or CAP_SYS_ADMIN) and copies it to every thread along
     * with the filter.
     *
     * @throws SystemCallException when the kernel refuses the program or the flag, or cannot synchronize a thread
     */
    public static void installOnEveryThread(long sysSeccomp, MemorySegment program, int count)
            throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fprog = arena.allocate(SockFprog.LAYOUT);
            SockFprog.len(fprog, count);
            SockFprog.filter(fprog, program);
            MemorySegment state = Errno.allocate(arena);
            long result = (long) SYSCALL.invokeExact(state, sysSeccomp, (long) SECCOMP_SET_MODE_FILTER,
                    (long) SECCOMP_FILTER_FLAG_TSYNC, fprog);
            String call = "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, " + count + " instructions)";
            if (result < 0) {
                throw Errno.failure(state, call);
            }
            if (result > 0) { // TSYNC: the id of a thread that could not take the filter (it has another one)
                throw new SystemCallException(call, Errno.EINVAL, "thread " + result + " cannot take the filter");
            }
        } catch (SystemCallException e) {
            throw e;
        } catch (Throwable e) {
            throw Errno.unexpected(e);
        }
    }
}
