package io.netzer.dissect;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian, unaligned reads of unsigned wire fields, widened so that no caller has to mask. Every header in
 * this package reads through these after {@code wrap} has checked the lengths once; the {@code app} parsers, the
 * flow key and the formatters read through them too, after comparing each offset with their end, so these never
 * check bounds (one reader for every package, so no package keeps its own copy of these layouts).
 */
public final class Wire {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    /** The unsigned byte at {@code offset}. */
    public static int u8(MemorySegment segment, long offset) {
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, offset));
    }

    /** The unsigned big-endian 16-bit field at {@code offset}. */
    public static int u16(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(U16, offset));
    }

    /** The big-endian 32-bit field at {@code offset} as a signed int (for addresses and bit masks). */
    public static int i32(MemorySegment segment, long offset) {
        return segment.get(U32, offset);
    }

    /** The unsigned big-endian 24-bit field at {@code offset} (a TLS handshake length). */
    public static int u24(MemorySegment segment, long offset) {
        return u8(segment, offset) << 16 | u16(segment, offset + 1);
    }

    /** The unsigned big-endian 32-bit field at {@code offset}. */
    public static long u32(MemorySegment segment, long offset) {
        return Integer.toUnsignedLong(segment.get(U32, offset));
    }

    /** The big-endian 64-bit field at {@code offset} as a signed long (half an IPv6 address, as a key). */
    public static long i64(MemorySegment segment, long offset) {
        return segment.get(U64, offset);
    }

    /** The big-endian 48-bit field at {@code offset} (a MAC address) in the low bits of a long. */
    public static long u48(MemorySegment segment, long offset) {
        return ((long) u16(segment, offset) << 32) | u32(segment, offset + 2);
    }
}
