package io.netzer.dissect;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Builds packet bytes field by field for tests, big-endian as on the wire; each caller comments its fields. The
 * segments it hands out end exactly where the bytes end, so a flyweight that reads one byte too far throws
 * instead of reading silently into a neighbour.
 */
final class Bytes {
    /** Filler put before the bytes by {@link #segmentAt}, so that offset mistakes show. */
    static final byte FILLER = (byte) 0xee;

    private byte[] data = new byte[64];
    private int length;

    /** An empty builder. */
    static Bytes bytes() {
        return new Bytes();
    }

    /** A segment of exactly these unsigned byte values. */
    static MemorySegment of(int... values) {
        Bytes bytes = new Bytes();
        for (int value : values) {
            bytes.u8(value);
        }
        return bytes.segment();
    }

    Bytes u8(int value) {
        ensure(1);
        data[length++] = (byte) value;
        return this;
    }

    Bytes u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    Bytes u32(long value) {
        return u16((int) (value >>> 16)).u16((int) value);
    }

    /** A 32-bit field in little-endian order (a loopback family written by a little-endian host). */
    Bytes u32LittleEndian(long value) {
        return u8((int) value).u8((int) (value >>> 8)).u8((int) (value >>> 16)).u8((int) (value >>> 24));
    }

    /** A 48-bit MAC address from the low bits of {@code value}. */
    Bytes mac(long value) {
        return u16((int) (value >>> 32)).u32(value & 0xffff_ffffL);
    }

    /** An IPv4 or IPv6 address literal ({@code 192.0.2.1}, {@code 2001:db8::1}); literals need no resolver. */
    Bytes ip(String literal) {
        try {
            return raw(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Bytes written as hex pairs, spaces allowed: {@code "de ad be ef"}. */
    Bytes hex(String hex) {
        return raw(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    /** {@code count} zero bytes. */
    Bytes zeros(int count) {
        return fill(count, 0);
    }

    /** {@code count} bytes of {@code value}. */
    Bytes fill(int count, int value) {
        for (int i = 0; i < count; i++) {
            u8(value);
        }
        return this;
    }

    /** {@code count} bytes counting up from 0, as payload that tests can recognise. */
    Bytes payload(int count) {
        for (int i = 0; i < count; i++) {
            u8(i);
        }
        return this;
    }

    Bytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, data, length, bytes.length);
        length += bytes.length;
        return this;
    }

    Bytes then(Bytes other) {
        return raw(other.array());
    }

    /** Overwrites the byte at {@code index}. */
    Bytes set8(int index, int value) {
        data[checkIndex(index, 1)] = (byte) value;
        return this;
    }

    /** Overwrites the big-endian 16-bit field at {@code index}. */
    Bytes set16(int index, int value) {
        checkIndex(index, 2);
        data[index] = (byte) (value >>> 8);
        data[index + 1] = (byte) value;
        return this;
    }

    int length() {
        return length;
    }

    byte[] array() {
        return Arrays.copyOf(data, length);
    }

    /** The first {@code count} bytes only, as a capture cut by its snapshot length would hold them. */
    byte[] array(int count) {
        return Arrays.copyOf(data, Math.min(count, length));
    }

    /** A segment holding exactly these bytes. */
    MemorySegment segment() {
        return MemorySegment.ofArray(array());
    }

    /** A segment with {@code offset} filler bytes before these bytes, and nothing after them. */
    MemorySegment segmentAt(int offset) {
        byte[] bytes = new byte[offset + length];
        Arrays.fill(bytes, 0, offset, FILLER);
        System.arraycopy(data, 0, bytes, offset, length);
        return MemorySegment.ofArray(bytes);
    }

    /** Hex of a byte array, for failure messages. */
    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    private void ensure(int more) {
        if (length + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
        }
    }

    private int checkIndex(int index, int size) {
        if (index < 0 || index + size > length) {
            throw new IndexOutOfBoundsException(index + " (length " + length + ")");
        }
        return index;
    }
}
