package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sock_filter} of {@code <linux/filter.h>}: one classic BPF instruction, as {@code tcpdump -dd}
 * prints it ({@code { code, jt, jf, k }}). Accessors take the program and the instruction's index.
 *
 * <pre>
 * struct sock_filter {
 *     __u16 code;   // opcode
 *     __u8  jt;     // jump if true
 *     __u8  jf;     // jump if false
 *     __u32 k;      // generic field
 * };
 * </pre>
 */
public final class SockFilter {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_SHORT.withName("code"),
            JAVA_BYTE.withName("jt"),
            JAVA_BYTE.withName("jf"),
            JAVA_INT.withName("k")).withName("sock_filter");

    private static final long CODE = LAYOUT.byteOffset(groupElement("code"));
    private static final long JT = LAYOUT.byteOffset(groupElement("jt"));
    private static final long JF = LAYOUT.byteOffset(groupElement("jf"));
    private static final long K = LAYOUT.byteOffset(groupElement("k"));

    private SockFilter() {
    }

    /** Writes instruction {@code index} of {@code program}. */
    public static void set(MemorySegment program, long index, int code, int jt, int jf, int k) {
        long at = index * LAYOUT.byteSize();
        program.set(JAVA_SHORT, at + CODE, (short) code);
        program.set(JAVA_BYTE, at + JT, (byte) jt);
        program.set(JAVA_BYTE, at + JF, (byte) jf);
        program.set(JAVA_INT, at + K, k);
    }

    /** code of instruction {@code index}, unsigned. */
    public static int code(MemorySegment program, long index) {
        return Short.toUnsignedInt(program.get(JAVA_SHORT, index * LAYOUT.byteSize() + CODE));
    }

    /** k of instruction {@code index}. */
    public static int k(MemorySegment program, long index) {
        return program.get(JAVA_INT, index * LAYOUT.byteSize() + K);
    }
}
