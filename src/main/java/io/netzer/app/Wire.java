package io.netzer.app;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian reads of unsigned network fields at any alignment. Callers check bounds first: every parser
 * compares an offset with its end before it reads, so these methods never see an out-of-range offset.
 */
final class Wire {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    static int u8(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    static int u16(MemorySegment segment, long offset) {
        return segment.get(U16, offset) & 0xffff;
    }

    static int u24(MemorySegment segment, long offset) {
        return u8(segment, offset) << 16 | u16(segment, offset + 1);
    }

    static long u32(MemorySegment segment, long offset) {
        return segment.get(U32, offset) & 0xffff_ffffL;
    }
}
