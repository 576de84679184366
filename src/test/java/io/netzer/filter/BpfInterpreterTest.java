package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The interpreter's semantics on hand-built frames. */
class BpfInterpreterTest {
    private static final int ETHERNET = 1;

    /** Ethernet + IPv4 (no options) + TCP SYN from 10.0.0.1:40000 to 10.0.0.2:80, 54 bytes. */
    static byte[] tcpSyn() {
        return bytes(
                "02 00 00 00 00 02",      // destination MAC
                "02 00 00 00 00 01",      // source MAC
                "08 00",                  // EtherType IPv4
                "45",                     // version 4, IHL 5 (20 bytes)
                "00",                     // DSCP/ECN
                "00 28",                  // total length 40
                "12 34",                  // identification
                "40 00",                  // DF, fragment offset 0
                "40",                     // TTL 64
                "06",                     // protocol TCP
                "00 00",                  // header checksum (not checked by filters)
                "0a 00 00 01",            // source 10.0.0.1
                "0a 00 00 02",            // destination 10.0.0.2
                "9c 40",                  // source port 40000
                "00 50",                  // destination port 80
                "00 00 00 01",            // sequence number
                "00 00 00 00",            // acknowledgment number
                "50",                     // data offset 5 (20 bytes)
                "02",                     // flags SYN
                "ff ff",                  // window
                "00 00",                  // checksum
                "00 00");                 // urgent pointer
    }

    static byte[] bytes(String... hex) {
        String joined = String.join("", hex).replace(" ", "");
        byte[] result = new byte[joined.length() / 2];
        for (int i = 0; i < result.length; i++) {
            result[i] = (byte) Integer.parseInt(joined.substring(2 * i, 2 * i + 2), 16);
        }
        return result;
    }

    private static int run(String expression, byte[] frame) {
        BpfProgram program = FilterCompiler.compile(expression, ETHERNET, CompileOptions.forFile());
        return new BpfInterpreter(program).run(frame, frame.length);
    }

    private static BpfInterpreter program(int[] code, int[] k) {
        return new BpfInterpreter(BpfProgram.of(code, new int[code.length], new int[code.length], k));
    }

    @Test
    void shouldAcceptWithTheSnaplenWhenTheFilterMatches() {
        assertEquals(CompileOptions.DEFAULT_SNAPLEN, run("tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0", tcpSyn()));
        assertEquals(0, run("udp or tcp src port 80", tcpSyn()));
    }

    @Test
    void shouldRejectALoadPastTheCapturedBytes() {
        byte[] truncated = Arrays.copyOf(tcpSyn(), 40);
        assertEquals(0, run("tcp[13] & 2 != 0", truncated));
        assertEquals(0, run("tcp[13] & 2 != 0 or udp", truncated), "an out-of-bounds load rejects the packet");
        assertEquals(CompileOptions.DEFAULT_SNAPLEN, run("ip", truncated));
    }

    @Test
    void shouldRejectWhenDividingByZeroAtRunTime() {
        // ld #10; ldx #0; div x; ret a
        BpfInterpreter divide = program(new int[] {0x00, 0x01, 0x3c, 0x16}, new int[] {10, 0, 0, 0});
        assertEquals(0, divide.run(new byte[1], 1));
        // ld #10; ldx #0; mod x; ret a
        BpfInterpreter modulo = program(new int[] {0x00, 0x01, 0x9c, 0x16}, new int[] {10, 0, 0, 0});
        assertEquals(0, modulo.run(new byte[1], 1));
    }

    @Test
    void shouldReturnTheAccumulatorForRetA() {
        // ld #pktlen; ret a
        BpfInterpreter length = program(new int[] {0x80, 0x16}, new int[] {0, 0});
        assertEquals(1500, length.run(new byte[60], 1500));
    }

    @Test
    void shouldCapAnUnsignedReturnValueToIntMax() {
        BpfInterpreter huge = program(new int[] {0x06}, new int[] {0xffffffff});
        assertEquals(Integer.MAX_VALUE, huge.run(new byte[1], 1));
    }

    @Test
    void shouldYieldZeroForShiftsOf32OrMore() {
        // ld #1; ldx #32; lsh x; ret a
        BpfInterpreter shift = program(new int[] {0x00, 0x01, 0x6c, 0x16}, new int[] {1, 32, 0, 0});
        assertEquals(0, shift.run(new byte[1], 1));
    }

    @Test
    void shouldCompareUnsigned() {
        // ld #0xffffffff; jgt #1 -> ret #1 else ret #2
        BpfInterpreter compare = new BpfInterpreter(BpfProgram.of(new int[] {0x00, 0x25, 0x06, 0x06},
                new int[] {0, 0, 0, 0}, new int[] {0, 1, 0, 0}, new int[] {0xffffffff, 1, 1, 2}));
        assertEquals(1, compare.run(new byte[1], 1));
    }

    @Test
    void shouldKeepScratchMemoryPerRun() {
        // ld [0]; st M[3]; ld #0; ld M[3]; ret a
        BpfInterpreter memory = program(new int[] {0x30, 0x02, 0x00, 0x60, 0x16}, new int[] {0, 3, 0, 3, 0});
        assertEquals(7, memory.run(new byte[] {7}, 1));
    }

    @Test
    void shouldReadPacketsInPlaceAtAnOffset() {
        byte[] frame = tcpSyn();
        BpfInterpreter interpreter = new BpfInterpreter(
                FilterCompiler.compile("host 10.0.0.2 and greater 54", ETHERNET, CompileOptions.forFile()));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = arena.allocate(1000);
            MemorySegment.copy(MemorySegment.ofArray(frame), 0, ring, 333, frame.length);
            assertEquals(CompileOptions.DEFAULT_SNAPLEN, interpreter.run(ring, 333, frame.length, frame.length));
            assertEquals(0, interpreter.run(ring, 333, frame.length, 53), "greater tests the wire length");
            assertEquals(0, interpreter.run(ring, 333, 29, frame.length), "the address is past 29 captured bytes");
        }
    }

    @Test
    void shouldTestLiveVlanTagsInMetadataOrInThePacket() {
        BpfProgram live = FilterCompiler.compile("vlan 10 and tcp port 80", ETHERNET,
                CompileOptions.forLive(0, 65535));
        BpfInterpreter interpreter = new BpfInterpreter(live);
        byte[] stripped = tcpSyn();
        interpreter.setVlanMetadata(true, 0x200a);
        assertEquals(65535, interpreter.run(stripped, stripped.length), "tag 10 stripped into metadata");
        interpreter.setVlanMetadata(true, 0x000b);
        assertEquals(0, interpreter.run(stripped, stripped.length), "tag 11 in metadata");
        interpreter.setVlanMetadata(false, 0);
        assertEquals(0, interpreter.run(stripped, stripped.length), "no tag at all");
        byte[] tagged = new byte[stripped.length + 4];
        System.arraycopy(stripped, 0, tagged, 0, 12);
        System.arraycopy(bytes("81 00", "00 0a"), 0, tagged, 12, 4); // TPID 802.1Q, VLAN 10
        System.arraycopy(stripped, 12, tagged, 16, stripped.length - 12);
        assertEquals(65535, interpreter.run(tagged, tagged.length), "tag 10 left in the packet");
    }

    @Test
    void shouldRefuseAProgramTheKernelWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> program(new int[] {0x00}, new int[] {0}));
    }
}
