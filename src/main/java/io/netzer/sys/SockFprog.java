package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sock_fprog} of {@code <linux/filter.h>}: a classic BPF program, the argument of
 * {@code setsockopt(SOL_SOCKET, SO_ATTACH_FILTER)}.
 *
 * <pre>
 * struct sock_fprog {
 *     unsigned short      len;     // number of instructions, at most BPF_MAXINSNS
 *     struct sock_filter *filter;
 * };
 * </pre>
 */
public final class SockFprog {
    /** The C layout (six bytes of padding align the pointer). */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_SHORT.withName("len"),
            paddingLayout(ADDRESS.byteSize() - JAVA_SHORT.byteSize()),
            ADDRESS.withName("filter")).withName("sock_fprog");

    /** BPF_MAXINSNS: the most instructions the kernel accepts. */
    public static final int BPF_MAXINSNS = 4096;

    private static final long LEN = LAYOUT.byteOffset(groupElement("len"));
    private static final long FILTER = LAYOUT.byteOffset(groupElement("filter"));

    private SockFprog() {
    }

    /** Sets len. */
    public static void len(MemorySegment fprog, int value) {
        fprog.set(JAVA_SHORT, LEN, (short) value);
    }

    /** Sets filter. */
    public static void filter(MemorySegment fprog, MemorySegment program) {
        fprog.set(ADDRESS, FILTER, program);
    }
}
