package io.netzer.capture;

import io.netzer.sys.Errno;
import io.netzer.sys.Seccomp;
import io.netzer.sys.SockFilter;
import io.netzer.sys.SystemCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The seccomp filter NetZer installs after the privilege drop: a classic BPF program over
 * {@code struct seccomp_data} that fails with EPERM the system calls NetZer never makes once its sockets are open,
 * and allows every other one.
 *
 * <p>Why a deny list and not an allow list: the JVM, its GC and JIT threads, Netty and Vert.x make system calls
 * that change with the JDK and the kernel (clone3, rseq, membarrier, io_uring probes); an allow list would break
 * them in the field. The calls denied here are the ones that turn a bug into a foothold: running a program,
 * reading or writing another process, changing the mount or namespace view, loading kernel code, and changing
 * credentials. With uid, gid and capabilities already gone most of them fail anyway; the filter makes that hold
 * on every thread whatever a later kernel or file capability would allow.
 *
 * <p>The program, for the architecture the JVM runs on:
 * <pre>
 *   ld  [arch]                 ; another calling convention (i386 int 0x80 on x86_64, AArch32 on AArch64)
 *   jne #AUDIT_ARCH_*, kill    ; has other numbers for everything: the process is killed
 *   ld  [nr]
 *   jge #__X32_SYSCALL_BIT, deny   (x86_64 only: every x32 call, whose numbers carry that bit; the comparison
 *                                   is unsigned, so negative numbers, which no call has, are denied too)
 *   jeq #execve, deny
 *   ...                        ; one jeq per denied call
 *   ret #SECCOMP_RET_ALLOW
 * deny: ret #SECCOMP_RET_ERRNO | EPERM
 * kill: ret #SECCOMP_RET_KILL_PROCESS
 * </pre>
 */
public final class SeccompFilter {
    /** BPF_LD | BPF_W | BPF_ABS: load the 32-bit word at k of seccomp_data (in the machine's byte order). */
    static final int LD_W_ABS = 0x20;
    /** BPF_JMP | BPF_JEQ | BPF_K. */
    static final int JEQ_K = 0x15;
    /** BPF_JMP | BPF_JGE | BPF_K: unsigned comparison. */
    static final int JGE_K = 0x35;
    /** BPF_RET | BPF_K. */
    static final int RET_K = 0x06;

    /** What a denied call returns: -1 with errno EPERM, which callers report as "Operation not permitted". */
    static final int DENY = Seccomp.SECCOMP_RET_ERRNO | Errno.EPERM;

    /** One instruction of the program, as {@code struct sock_filter}. */
    record Instruction(int code, int jt, int jf, int k) {
    }

    /** A denied system call and its number on each architecture the filter knows. */
    record Syscall(String name, int x86_64, int aarch64) {
    }

    /**
     * The architectures the filter knows: their audit value, whether they carry the x32 ABI, and the number of
     * the seccomp call itself.
     */
    enum Architecture {
        X86_64(Seccomp.AUDIT_ARCH_X86_64, true, 317),
        AARCH64(Seccomp.AUDIT_ARCH_AARCH64, false, 277);

        final int auditArch;
        final boolean x32;
        final int seccomp;

        Architecture(int auditArch, boolean x32, int seccomp) {
            this.auditArch = auditArch;
            this.x32 = x32;
            this.seccomp = seccomp;
        }

        int number(Syscall call) {
            return this == X86_64 ? call.x86_64() : call.aarch64();
        }

        /** The architecture the JVM runs on; null when the filter does not know it. */
        static Architecture ofThisMachine() {
            return switch (System.getProperty("os.arch")) {
                case "amd64", "x86_64" -> X86_64;
                case "aarch64" -> AARCH64;
                default -> null;
            };
        }
    }

    /**
     * The denied calls. Numbers from {@code <asm/unistd_64.h>} (x86_64) and {@code <asm-generic/unistd.h>}
     * (AArch64); {@code SeccompFilterTest} checks them against the headers of the build machine.
     */
    static final List<Syscall> DENIED = List.of(
            // Running a program: NetZer never does after the drop, and an attacker's first step would.
            new Syscall("execve", 59, 221),
            new Syscall("execveat", 322, 281),
            // Reading or writing the memory of other processes of the same user (nobody is shared).
            new Syscall("ptrace", 101, 117),
            new Syscall("process_vm_readv", 310, 270),
            new Syscall("process_vm_writev", 311, 271),
            // Changing the file system view: the old mount calls, then the mount API of Linux 5.2 and 5.12.
            new Syscall("mount", 165, 40),
            new Syscall("umount2", 166, 39),
            new Syscall("pivot_root", 155, 41),
            new Syscall("chroot", 161, 51),
            new Syscall("open_tree", 428, 428),
            new Syscall("move_mount", 429, 429),
            new Syscall("fsopen", 430, 430),
            new Syscall("fsconfig", 431, 431),
            new Syscall("fsmount", 432, 432),
            new Syscall("fspick", 433, 433),
            new Syscall("mount_setattr", 442, 442),
            // Entering or creating namespaces: a new user namespace hands out a full capability set inside it.
            new Syscall("setns", 308, 268),
            new Syscall("unshare", 272, 97),
            // Loading or replacing kernel code.
            new Syscall("init_module", 175, 105),
            new Syscall("finit_module", 313, 273),
            new Syscall("delete_module", 176, 106),
            new Syscall("kexec_load", 246, 104),
            new Syscall("kexec_file_load", 320, 294),
            // Large kernel attack surfaces NetZer does not use (its BPF is classic, attached before the drop).
            new Syscall("bpf", 321, 280),
            new Syscall("perf_event_open", 298, 241),
            new Syscall("userfaultfd", 323, 282),
            // The kernel keyring: per-user state shared with every other process running as nobody.
            new Syscall("keyctl", 250, 219),
            new Syscall("add_key", 248, 217),
            new Syscall("request_key", 249, 218),
            // Credentials: set once by the drop, never again (glibc's setxid broadcast included).
            new Syscall("setuid", 105, 146),
            new Syscall("setgid", 106, 144),
            new Syscall("setreuid", 113, 145),
            new Syscall("setregid", 114, 143),
            new Syscall("setresuid", 117, 147),
            new Syscall("setresgid", 119, 149),
            new Syscall("setfsuid", 122, 151),
            new Syscall("setfsgid", 123, 152),
            new Syscall("setgroups", 116, 159));

    private SeccompFilter() {
    }

    /** The program for {@code architecture}, as described above. */
    static List<Instruction> program(Architecture architecture) {
        List<Instruction> checks = new ArrayList<>();
        if (architecture.x32) {
            checks.add(new Instruction(JGE_K, 0, 0, Seccomp.X32_SYSCALL_BIT));
        }
        for (Syscall call : DENIED) {
            checks.add(new Instruction(JEQ_K, 0, 0, architecture.number(call)));
        }
        // Layout: ld arch, jeq arch, ld nr, checks..., ret allow, ret deny, ret kill.
        int allow = 3 + checks.size();
        int deny = allow + 1;
        int kill = deny + 1;
        List<Instruction> program = new ArrayList<>();
        program.add(new Instruction(LD_W_ABS, 0, 0, Seccomp.DATA_ARCH_OFFSET));
        program.add(new Instruction(JEQ_K, 0, jump(1, kill), architecture.auditArch));
        program.add(new Instruction(LD_W_ABS, 0, 0, Seccomp.DATA_NR_OFFSET));
        for (Instruction check : checks) {
            program.add(new Instruction(check.code(), jump(program.size(), deny), 0, check.k()));
        }
        program.add(new Instruction(RET_K, 0, 0, Seccomp.SECCOMP_RET_ALLOW));
        program.add(new Instruction(RET_K, 0, 0, DENY));
        program.add(new Instruction(RET_K, 0, 0, Seccomp.SECCOMP_RET_KILL_PROCESS));
        return program;
    }

    /** The relative offset of a conditional jump from {@code from} to {@code to}: one unsigned byte. */
    private static int jump(int from, int to) {
        int offset = to - from - 1;
        if (offset < 0 || offset > 0xff) {
            throw new IllegalStateException("jump from " + from + " to " + to + " does not fit a byte");
        }
        return offset;
    }

    /**
     * Installs the filter on every thread of the process ({@code SECCOMP_FILTER_FLAG_TSYNC}); no_new_privs must be
     * set on the calling thread first.
     *
     * @throws SystemCallException when the architecture is unknown or the kernel refuses
     */
    static void installOnEveryThread() throws SystemCallException {
        Architecture architecture = Architecture.ofThisMachine();
        if (architecture == null) {
            throw new SystemCallException("seccomp filter for " + System.getProperty("os.arch"), Errno.EINVAL,
                    "no system call table for this architecture");
        }
        List<Instruction> program = program(architecture);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = arena.allocate(SockFilter.LAYOUT, program.size());
            for (int i = 0; i < program.size(); i++) {
                Instruction instruction = program.get(i);
                SockFilter.set(code, i, instruction.code(), instruction.jt(), instruction.jf(), instruction.k());
            }
            Seccomp.installOnEveryThread(architecture.seccomp, code, program.size()); // the kernel copies the program
        }
    }
}
