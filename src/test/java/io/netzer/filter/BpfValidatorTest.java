package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The kernel's rules, one malformation per case. */
class BpfValidatorTest {
    private static String check(int[] code, int[] jt, int[] jf, int[] k) {
        return BpfValidator.check(BpfProgram.of(code, jt, jf, k));
    }

    private static String check(int[] code, int[] k) {
        return check(code, new int[code.length], new int[code.length], k);
    }

    @Test
    void shouldAcceptAMinimalProgram() {
        assertNull(check(new int[] {0x06}, new int[] {0}));
    }

    @Test
    void shouldRefuseAnEmptyProgram() {
        assertEquals("length 0 (expected 1..4096)", check(new int[0], new int[0]));
    }

    @Test
    void shouldRefuseAProgramLongerThan4096() {
        assertEquals("length 4097 (expected 1..4096)", check(new int[4097], new int[4097]));
    }

    @Test
    void shouldRefuseAProgramNotEndingInRet() {
        assertEquals("last instruction is not a RET", check(new int[] {0x00}, new int[] {0}));
    }

    @Test
    void shouldRefuseAConditionalJumpPastTheEnd() {
        assertEquals("instruction 0: conditional jump past the end",
                check(new int[] {0x15, 0x06}, new int[] {1, 0}, new int[] {0, 0}, new int[] {0, 0}));
    }

    @Test
    void shouldRefuseAnUnconditionalJumpPastTheEnd() {
        assertEquals("instruction 0: jump past the end", check(new int[] {0x05, 0x06}, new int[] {1, 0}));
    }

    @Test
    void shouldRefuseAScratchIndexPast15() {
        assertEquals("instruction 0: scratch index 16 (expected < 16)",
                check(new int[] {0x02, 0x06}, new int[] {16, 0}));
    }

    @Test
    void shouldRefuseReadingScratchMemoryBeforeAStore() {
        assertEquals("instruction 0: reads M[2] before any store", check(new int[] {0x60, 0x06}, new int[] {2, 0}));
    }

    @Test
    void shouldRefuseDivisionByConstantZero() {
        assertEquals("instruction 0: division by constant zero", check(new int[] {0x34, 0x06}, new int[] {0, 0}));
    }

    @Test
    void shouldRefuseAnUnknownOpcode() {
        assertEquals("instruction 0: unknown opcode 0xff", check(new int[] {0xff, 0x06}, new int[] {0, 0}));
    }

    @Test
    void shouldRefuseAnUnsupportedAncillaryLoad() {
        assertEquals("instruction 0: unsupported ancillary load -4096",
                check(new int[] {0x20, 0x06}, new int[] {-4096, 0}));
    }

    @Test
    void shouldAcceptANegativeLoadAboveTheAncillaryRangeThatReadsNoData() {
        // ldh [-2]; ret #262144: ip[-6:2] on a BSD loopback file (4-byte link header), as tcpdump compiles it
        assertNull(check(new int[] {0x28, 0x06}, new int[] {-2, 262144}));
    }

    @Test
    void shouldRefuseANetworkRelativeLoad() {
        // ld [SKF_NET_OFF]: the kernel reads the network header there, the interpreter cannot
        assertEquals("instruction 0: unsupported ancillary load -1048576",
                check(new int[] {0x20, 0x06}, new int[] {-0x100000, 0}));
    }
}
