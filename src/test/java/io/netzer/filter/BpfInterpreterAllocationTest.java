package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The interpreter allocates nothing per packet: under one byte per packet over a million runs. */
class BpfInterpreterAllocationTest {
    private static final int PACKETS = 1_000_000;

    @Test
    void shouldNotAllocatePerPacket() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        BpfProgram program = FilterCompiler.compile(
                "(tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0) or (ip[2:2] / ip[8] > 1 and len > 10)",
                1, CompileOptions.forFile());
        BpfInterpreter interpreter = new BpfInterpreter(program);
        byte[] syn = BpfInterpreterTest.tcpSyn();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = arena.allocate(4096);
            for (int slot = 0; slot < 8; slot++) {
                MemorySegment.copy(MemorySegment.ofArray(syn), 0, ring, slot * 512L, syn.length);
                ring.set(ValueLayout.JAVA_BYTE, slot * 512L + 36, (byte) slot);
            }
            long accepted = runAll(interpreter, ring, syn.length);
            long before = threads.getCurrentThreadAllocatedBytes();
            accepted += runAll(interpreter, ring, syn.length);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(accepted > 0, "the filter must do real work");
            assertTrue(allocated < PACKETS, allocated + " bytes allocated for " + PACKETS + " packets");
        }
    }

    private static long runAll(BpfInterpreter interpreter, MemorySegment ring, int length) {
        long accepted = 0;
        for (int i = 0; i < PACKETS; i++) {
            long offset = (i & 7) * 512L;
            if (interpreter.run(ring, offset, length - (i & 15), length) != 0) {
                accepted++;
            }
        }
        return accepted;
    }
}
