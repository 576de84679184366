package io.netzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netzer.capture.SeccompFilter.Architecture;
import io.netzer.capture.SeccompFilter.Instruction;
import io.netzer.capture.SeccompFilter.Syscall;
import io.netzer.sys.Errno;
import io.netzer.sys.Seccomp;
import io.netzer.sys.SockFprog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The seccomp program, run by a small evaluator with the kernel's seccomp semantics (NetZer's packet interpreter
 * loads big-endian words, seccomp_data is in the machine's order), and its numbers checked against the system
 * headers. {@link PrivilegeDropTest} installs it for real.
 */
class SeccompFilterTest {
    /** AUDIT_ARCH_I386: what a 64-bit x86 process reports for a call through {@code int 0x80}. */
    private static final int AUDIT_ARCH_I386 = 0x40000003;
    /** AUDIT_ARCH_ARM: AArch32 calls on an AArch64 kernel. */
    private static final int AUDIT_ARCH_ARM = 0x40000028;

    @Test
    void shouldDenyEveryListedCallWithEpermOnBothArchitectures() {
        for (Architecture architecture : Architecture.values()) {
            for (Syscall call : SeccompFilter.DENIED) {
                assertEquals(Seccomp.SECCOMP_RET_ERRNO | Errno.EPERM, run(architecture, architecture.number(call)),
                        architecture + " " + call);
            }
        }
    }

    @Test
    void shouldAllowEveryOtherCall() {
        for (Architecture architecture : Architecture.values()) {
            Set<Integer> denied = SeccompFilter.DENIED.stream().map(architecture::number).collect(Collectors.toSet());
            assertEquals(SeccompFilter.DENIED.size(), denied.size(), architecture + ": a number twice");
            for (int nr = 0; nr < 1024; nr++) {
                int expected = denied.contains(nr) ? SeccompFilter.DENY : Seccomp.SECCOMP_RET_ALLOW;
                assertEquals(expected, run(architecture, nr), architecture + " nr " + nr);
            }
        }
    }

    @Test
    void shouldDenyEveryX32CallOnX8664Only() {
        // x32 numbers carry __X32_SYSCALL_BIT: read is 0x40000000, execve 0x40000208 (520)
        for (int nr : new int[] {0x40000000, 0x40000000 + 520, 0x40000000 + 59, 0x7fffffff, -1}) {
            assertEquals(SeccompFilter.DENY, run(Architecture.X86_64, nr), Integer.toHexString(nr));
        }
        assertEquals(Seccomp.SECCOMP_RET_ALLOW, run(Architecture.AARCH64, 0x40000000), "no x32 on AArch64");
    }

    @Test
    void shouldKillTheProcessOnAnotherCallingConvention() {
        // i386's execve is 11 and read 3: through int 0x80 the x86_64 numbers mean other calls, so nothing passes
        for (int nr : new int[] {11, 3, 0}) {
            assertEquals(Seccomp.SECCOMP_RET_KILL_PROCESS, run(Architecture.X86_64, AUDIT_ARCH_I386, nr));
            assertEquals(Seccomp.SECCOMP_RET_KILL_PROCESS, run(Architecture.X86_64, Seccomp.AUDIT_ARCH_AARCH64, nr));
            assertEquals(Seccomp.SECCOMP_RET_KILL_PROCESS, run(Architecture.AARCH64, AUDIT_ARCH_ARM, nr));
            assertEquals(Seccomp.SECCOMP_RET_KILL_PROCESS, run(Architecture.AARCH64, Seccomp.AUDIT_ARCH_X86_64, nr));
        }
    }

    @Test
    void shouldStayWithinWhatTheKernelAccepts() {
        for (Architecture architecture : Architecture.values()) {
            List<Instruction> program = SeccompFilter.program(architecture);
            assertTrue(program.size() <= SockFprog.BPF_MAXINSNS, "length " + program.size());
            assertEquals(SeccompFilter.RET_K, program.getLast().code(), "ends in a return");
        }
    }

    @Test
    void shouldUseTheNumbersOfTheSystemHeaders() throws IOException {
        Path x86 = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
        Path generic = Path.of("/usr/include/asm-generic/unistd.h");
        assumeTrue(Files.exists(x86) && Files.exists(generic), "no kernel headers (linux-libc-dev): skipped");
        Map<String, Integer> x86Numbers = numbers(x86);
        Map<String, Integer> aarch64Numbers = numbers(generic);
        for (Syscall call : SeccompFilter.DENIED) {
            assertEquals(x86Numbers.get(call.name()), call.x86_64(), "x86_64 " + call.name());
            assertEquals(aarch64Numbers.get(call.name()), call.aarch64(), "aarch64 " + call.name());
        }
        assertEquals(x86Numbers.get("seccomp"), Architecture.X86_64.seccomp);
        assertEquals(aarch64Numbers.get("seccomp"), Architecture.AARCH64.seccomp);
    }

    /** {@code #define __NR_name number} (and asm-generic's {@code __NR3264_name}) lines of a header. */
    private static Map<String, Integer> numbers(Path header) throws IOException {
        Map<String, Integer> numbers = new HashMap<>();
        Matcher define = Pattern.compile("(?m)^#define __NR(?:3264)?_(\\w+)\\s+(\\d+)\\s*$")
                .matcher(Files.readString(header));
        while (define.find()) {
            numbers.put(define.group(1), Integer.parseInt(define.group(2)));
        }
        return numbers;
    }

    private static int run(Architecture architecture, int nr) {
        return run(architecture, architecture.auditArch, nr);
    }

    /**
     * Runs the program for {@code architecture} as the kernel's seccomp does over one {@code struct seccomp_data}:
     * only the instructions the kernel accepts in a seccomp program (and this one uses), 32-bit loads at aligned
     * offsets inside the struct, in the byte order of both architectures (little-endian), unsigned comparisons.
     */
    private static int run(Architecture architecture, int arch, int nr) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN); // sizeof(struct seccomp_data)
        data.putInt(Seccomp.DATA_NR_OFFSET, nr);
        data.putInt(Seccomp.DATA_ARCH_OFFSET, arch);
        data.putLong(Seccomp.DATA_INSTRUCTION_POINTER_OFFSET, 0x7f00_1234_5678L);
        List<Instruction> program = SeccompFilter.program(architecture);
        int a = 0;
        int pc = 0;
        while (pc < program.size()) {
            Instruction instruction = program.get(pc);
            int k = instruction.k();
            switch (instruction.code()) {
                case SeccompFilter.LD_W_ABS -> {
                    assertTrue(k >= 0 && k % 4 == 0 && k + 4 <= data.capacity(), "load at " + k);
                    a = data.getInt(k);
                    pc++;
                }
                case SeccompFilter.JEQ_K -> pc += 1 + (a == k ? instruction.jt() : instruction.jf());
                case SeccompFilter.JGE_K -> pc += 1 + (Integer.compareUnsigned(a, k) >= 0
                        ? instruction.jt() : instruction.jf());
                case SeccompFilter.RET_K -> {
                    return k;
                }
                default -> fail("instruction " + pc + " has code " + instruction.code() + ": not evaluated here");
            }
        }
        return fail("ran past the end of the program");
    }
}
