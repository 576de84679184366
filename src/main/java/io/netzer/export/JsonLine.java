package io.netzer.export;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netzer.dissect.Packet;
import io.netzer.dissect.Wire;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One NDJSON line at a time, appended as bytes into a reused buffer that is handed on in whole lines (so
 * several workers can share an output). Packet events hold only numbers and ASCII text NetZer formats itself
 * (addresses, timestamps, flag letters), which never need escaping; the few strings from outside (host and
 * interface names) are escaped once by Jackson's encoder with {@link #quoted(String)} and then reused as bytes.
 * Commas between members are written by the caller's structure: {@link #key} writes the comma when the object
 * already has a member. A {@link LineTap} sees each line as it is completed.
 *
 * <p>The values of every packet line (numbers, addresses, timestamps) are written straight into the buffer from
 * lookup tables, with no text in between: a packet line costs a few hundred nanoseconds, and half of that went to
 * formatting into chars and copying them. An IPv4 octet with its dot, or a MAC octet with its colon, is one store
 * of four bytes from a table, and two digits of a number one store of two. A packet line, whose size is bounded,
 * checks the buffer's room once ({@link #reserve}) and writes its parts with the static writers, which take the
 * buffer and a position and return the position after what they wrote: no capacity check and no field written per
 * part. The instance methods are the same writers behind a capacity check each, for event lines.
 */
final class JsonLine {
    private static final int MAX_DEPTH = 8;
    static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** "00" to "99" as one little-endian short each: two digits per division and per store. */
    private static final short[] DIGIT_PAIR_SHORTS = new short[100];
    /**
     * Each octet's decimal text and a dot, as a little-endian int in the low half (bytes past the dot are written
     * and then overwritten), and the text's length with the dot in the high half.
     */
    private static final long[] OCTET_DOTS = new long[256];
    /** Each octet's two hex digits and a colon, as a little-endian int (its fourth byte is overwritten). */
    private static final int[] HEX_COLONS = new int[256];
    /**
     * Bytes a static writer may write past the position it returns: an address's last four-byte store, a packed
     * run's last eight-byte one (overwritten by what follows, or past the line's end).
     */
    static final int SLACK = 7;
    /** Longest quoted IPv4 address, with the slack of its stores. */
    private static final int MAX_IPV4 = 17 + SLACK;
    /** Longest quoted MAC, with the slack of its stores. */
    private static final int MAX_MAC = 19 + SLACK;
    /** Longest number: {@link Long#MAX_VALUE}'s digits. */
    private static final int MAX_NUMBER = 19;
    private static final long[] POWERS_OF_TEN = new long[19];
    /** {@code YYYY-MM-DDTHH:MM:SS.}: the part of an RFC 3339 timestamp shared by the packets of one second. */
    private static final int SECOND_PREFIX = 20;
    private static final int NANO_DIGITS = 9;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIR_SHORTS[i] = (short) ('0' + i / 10 | '0' + i % 10 << 8);
        }
        for (int i = 0; i < 256; i++) {
            byte[] text = (i + ".").getBytes(StandardCharsets.US_ASCII);
            int packed = 0;
            for (int k = text.length - 1; k >= 0; k--) {
                packed = packed << 8 | text[k];
            }
            OCTET_DOTS[i] = (long) text.length << 32 | packed & 0xffffffffL;
            HEX_COLONS[i] = HEX[i >>> 4] | HEX[i & 0x0f] << 8 | ':' << 16;
        }
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private byte[] bytes;
    private int size;
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private final char[] digits = new char[20];
    private int depth;
    private int lineStart;
    private int lines;
    private LineTap tap;
    private final char[] timestampText = new char[SECOND_PREFIX + NANO_DIGITS + 1];
    private final byte[] secondPrefix = new byte[SECOND_PREFIX];
    private long prefixSecond = Long.MIN_VALUE;

    JsonLine(int capacity) {
        bytes = new byte[capacity];
    }

    /** Hands every completed line to {@code tap} (null for none). */
    void tap(LineTap tap) {
        this.tap = tap;
    }

    /** A string escaped and quoted as JSON, as UTF-8 bytes, for a value written many times. */
    static byte[] quoted(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] out = new byte[escaped.length + 2];
        out[0] = '"';
        System.arraycopy(escaped, 0, out, 1, escaped.length);
        out[out.length - 1] = '"';
        return out;
    }

    /** The bytes of {@code "name":"value"}, a constant member for {@link #members}, computed once. */
    static byte[] member(String name, String value) {
        return concat(key(name), quoted(value));
    }

    /** The bytes of {@code "name":}, computed once per key. */
    static byte[] key(String name) {
        return ascii("\"" + name + "\":");
    }

    /** The bytes of {@code parts}, one after another: a run of pre-encoded members written many times. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** JSON text NetZer wrote itself (keys, punctuation, constant values), as bytes to {@link #raw} many times. */
    static byte[] ascii(String json) {
        return json.getBytes(StandardCharsets.US_ASCII);
    }

    void startObject() {
        put('{');
        hasMember[++depth] = false;
    }

    void endObject() {
        put('}');
        depth--;
    }

    /**
     * Enters an object whose opening brace and first member the caller wrote with {@link #raw} (a packet line's
     * fixed runs of keys and punctuation): the members added after it with {@link #key} get their comma.
     */
    void enteredObject() {
        hasMember[++depth] = true;
    }

    /** Starts a member: a comma if the object has one already, then the pre-encoded key. */
    JsonLine key(byte[] key) {
        if (hasMember[depth]) {
            put(',');
        }
        hasMember[depth] = true;
        raw(key);
        return this;
    }

    /**
     * Pre-encoded members written many times ({@code "dataset":"netzer.packet"}): a comma if the object has a
     * member already, then {@code members} as they are.
     */
    void members(byte[] members) {
        key(members);
    }

    /** Starts a member whose value is an object. */
    void objectMember(byte[] key) {
        key(key);
        startObject();
    }

    /** Starts a member whose value is an array; write its values after {@link #element()}. */
    void arrayMember(byte[] key) {
        key(key);
        put('[');
        hasMember[++depth] = false;
    }

    void endArray() {
        put(']');
        depth--;
    }

    /** Starts a value inside an array: a comma if the array has one already. */
    JsonLine element() {
        if (hasMember[depth]) {
            put(',');
        }
        hasMember[depth] = true;
        return this;
    }

    /**
     * A string value from outside (the wire, the system), escaped by Jackson's encoder: quotes, backslashes and
     * control characters become JSON escapes, everything else is written as UTF-8. Allocates, so it is for
     * events, not for every packet.
     */
    void string(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        ensure(escaped.length + 2);
        bytes[size++] = '"';
        System.arraycopy(escaped, 0, bytes, size, escaped.length);
        size += escaped.length;
        bytes[size++] = '"';
    }

    void raw(byte[] value) {
        ensure(value.length);
        size = raw(bytes, size, value);
    }

    /** Writes {@code value} at {@code at}; returns the position after it. */
    static int raw(byte[] line, int at, byte[] value) {
        System.arraycopy(value, 0, line, at, value.length);
        return at + value.length;
    }

    /**
     * A run of constant bytes (keys and punctuation of a packet line) packed for {@link #run}: its length, then its
     * bytes eight to a little-endian long.
     */
    static long[] packed(byte[] run) {
        long[] packed = new long[1 + (run.length + 7) / 8];
        packed[0] = run.length;
        for (int i = run.length - 1; i >= 0; i--) {
            packed[1 + i / 8] = packed[1 + i / 8] << 8 | run[i] & 0xff;
        }
        return packed;
    }

    /**
     * Writes a {@link #packed} run at {@code at}, eight bytes a store: a copy of a few dozen bytes without the call
     * to the JDK's copy routine an array copy of a length past eight becomes. Returns the position after it; writes
     * up to {@link #SLACK} bytes past that.
     */
    static int run(byte[] line, int at, long[] run) {
        for (int k = 1; k < run.length; k++) {
            LONG.set(line, at + 8 * k - 8, run[k]);
        }
        return at + (int) run[0];
    }

    /**
     * Makes room for {@code more} bytes (a whole packet line, bounded) and returns the buffer, to write into with
     * the static writers from {@link #size()} on; {@link #size(int)} then says where the writing ended. The buffer
     * is valid until the next call that may grow it.
     */
    byte[] reserve(int more) {
        ensure(more);
        return bytes;
    }

    /** Where writing into the buffer {@link #reserve} returned ended: the line goes on from there. */
    void size(int position) {
        size = position;
    }

    /** A string value of ASCII characters that need no escaping (addresses, timestamps, letters). */
    void asciiString(char[] text, int length) {
        ensure(length + 2);
        bytes[size++] = '"';
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text[i];
        }
        bytes[size++] = '"';
    }

    /** A number, two digits at a time when it is non-negative. */
    void number(long value) {
        if (value < 0) {
            int length = AddressFormat.decimal(value, digits, 0);
            ensure(length);
            for (int i = 0; i < length; i++) {
                bytes[size++] = (byte) digits[i];
            }
            return;
        }
        ensure(MAX_NUMBER);
        size = number(bytes, size, value);
    }

    /** Writes a non-negative number at {@code at}, two digits per store; returns the position after it. */
    static int number(byte[] line, int at, long value) {
        int end = at + digitCount(value);
        int p = end;
        long wide = value;
        while (wide > Integer.MAX_VALUE) {
            long quotient = wide / 100;
            p = pair(line, (int) (wide - quotient * 100), p);
            wide = quotient;
        }
        int v = (int) wide;
        while (v >= 100) {
            int quotient = v / 100;
            p = pair(line, v - quotient * 100, p);
            v = quotient;
        }
        if (v >= 10) {
            pair(line, v, p);
        } else {
            line[p - 1] = (byte) ('0' + v);
        }
        return end;
    }

    /** Writes the two digits of {@code twoDigits} ending before {@code end}; returns where they start. */
    private static int pair(byte[] line, int twoDigits, int end) {
        SHORT.set(line, end - 2, DIGIT_PAIR_SHORTS[twoDigits]);
        return end - 2;
    }

    /** Decimal digits of a non-negative value: from its bit length (log10 2 ≈ 1233/4096), corrected by one. */
    private static int digitCount(long value) {
        int estimate = (Long.SIZE - Long.numberOfLeadingZeros(value)) * 1233 >>> 12;
        return Math.max(1, value >= POWERS_OF_TEN[estimate] ? estimate + 1 : estimate);
    }

    /** A quoted dotted IPv4 address held in network order in an int, as {@link AddressFormat#ipv4} writes it. */
    void ipv4(int address) {
        ensure(MAX_IPV4);
        size = ipv4(bytes, size, address);
    }

    /**
     * Writes a quoted dotted IPv4 address at {@code at}, an octet and its dot per store; returns the position after
     * it. Writes up to {@link #SLACK} bytes past that.
     */
    static int ipv4(byte[] line, int at, int address) {
        line[at++] = '"';
        for (int shift = 24; shift >= 0; shift -= 8) {
            long octet = OCTET_DOTS[(address >>> shift) & 0xff];
            INT.set(line, at, (int) octet);
            at += (int) (octet >>> 32);
        }
        line[at - 1] = '"';
        return at;
    }

    /** A quoted MAC held in the low 48 bits of a long, as {@link AddressFormat#mac} writes it. */
    void mac(long mac) {
        ensure(MAX_MAC);
        size = mac(bytes, size, mac);
    }

    /**
     * Writes a quoted MAC at {@code at}, an octet and its colon per store; returns the position after it. Writes up
     * to {@link #SLACK} bytes past that.
     */
    static int mac(byte[] line, int at, long mac) {
        line[at++] = '"';
        for (int shift = 40; shift >= 0; shift -= 8) {
            INT.set(line, at, HEX_COLONS[(int) (mac >>> shift) & 0xff]);
            at += 3;
        }
        line[at - 1] = '"';
        return at;
    }

    /**
     * Writes the quoted RFC 5952 text of the 16-byte IPv6 address at {@code offset}, as {@link AddressFormat#ipv6}
     * writes it, at {@code at}: straight into the line, with no chars in between. Returns the position after it;
     * writes up to {@link #SLACK} bytes past that.
     */
    static int ipv6(byte[] line, int at, MemorySegment segment, long offset) {
        long high = Wire.i64(segment, offset);
        long low = Wire.i64(segment, offset + 8);
        int run = AddressFormat.zeroRun(high, low);
        int runStart = run >> 4;
        int runLength = run & 0xf;
        line[at++] = '"';
        for (int i = 0; i < 8; i++) {
            if (i == 6 && AddressFormat.endsInIpv4(high, low, run)) {
                // The IPv4 writer's opening quote lands on the colon before it, which is put back.
                int end = ipv4(line, at - 1, (int) low);
                line[at - 1] = ':';
                return end;
            }
            if (i == runStart) {
                line[at++] = ':';
                if (i == 0) {
                    line[at++] = ':';
                }
                i += runLength - 1;
                continue;
            }
            int group = AddressFormat.group(high, low, i);
            for (int shift = AddressFormat.hexDigits(group) * 4 - 4; shift >= 0; shift -= 4) {
                line[at++] = HEX[(group >>> shift) & 0x0f];
            }
            if (i < 7) {
                line[at++] = ':';
            }
        }
        line[at++] = '"';
        return at;
    }

    /**
     * A quoted RFC 3339 timestamp as {@link Timestamps#rfc3339} writes it. The calendar arithmetic is done once per
     * second of capture time (packets come in time order), and each packet writes only its nine fraction digits.
     */
    void timestamp(long epochNanos) {
        ensure(SECOND_PREFIX + NANO_DIGITS + 3);
        size = timestamp(bytes, size, epochNanos);
    }

    /** Writes {@link #timestamp(long)}'s text at {@code at}; returns the position after it. */
    int timestamp(byte[] line, int at, long epochNanos) {
        long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        if (second != prefixSecond) {
            Timestamps.rfc3339(epochNanos, timestampText, 0);
            for (int i = 0; i < SECOND_PREFIX; i++) {
                secondPrefix[i] = (byte) timestampText[i];
            }
            prefixSecond = second;
        }
        line[at++] = '"';
        System.arraycopy(secondPrefix, 0, line, at, SECOND_PREFIX);
        at += SECOND_PREFIX;
        int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        int p = at + NANO_DIGITS;
        line[--p] = (byte) ('0' + nanos % 10);
        nanos /= 10;
        for (int i = 0; i < NANO_DIGITS / 2; i++) {
            int quotient = nanos / 100;
            p = pair(line, nanos - quotient * 100, p);
            nanos = quotient;
        }
        at += NANO_DIGITS;
        line[at++] = 'Z';
        line[at++] = '"';
        return at;
    }

    void bool(boolean value) {
        raw(value ? TRUE : FALSE);
    }

    /**
     * Ends the line and starts the next at depth 0; the tap sees it with its dataset, the packet that produced
     * it (null when none did) and an event's endpoints (null for a packet line).
     */
    void endLine(Dataset dataset, Packet packet, EventContext endpoints) {
        put('\n');
        depth = 0;
        if (tap != null) {
            tap.line(dataset, bytes, lineStart, size - lineStart, packet, endpoints);
        }
        lineStart = size;
        lines++;
    }

    /** Forgets the complete lines held (nothing to write them to). */
    void discard() {
        size = 0;
        lineStart = 0;
        lines = 0;
    }

    int size() {
        return size;
    }

    /** Writes the complete lines held to {@code out} in one call, with their count when it is a shared output. */
    void drainTo(OutputStream out) throws IOException {
        if (size > 0) {
            if (out instanceof SharedOutput shared) {
                shared.writeLines(bytes, 0, size, lines);
            } else {
                out.write(bytes, 0, size);
            }
            discard();
        }
    }

    void put(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /**
     * A string value from outside, written as {@link #string(String)} writes it, but without the encoder's array
     * when the value needs no escaping: event values (names, labels, IDs) nearly always are printable ASCII, and an
     * event holds a dozen of them. Any other character sends the whole value through {@link #string(String)}.
     */
    void plainString(String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            if (!isPlain(value.charAt(i))) {
                string(value);
                return;
            }
        }
        ensure(length + 2);
        bytes[size++] = '"';
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) value.charAt(i);
        }
        bytes[size++] = '"';
    }

    /**
     * {@link #plainString(String)} of {@code length} characters of {@code text} from {@code offset}: no String is
     * made unless a character needs escaping.
     */
    void plainString(char[] text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!isPlain(text[i])) {
                string(new String(text, offset, length));
                return;
            }
        }
        ensure(length + 2);
        bytes[size++] = '"';
        for (int i = offset; i < offset + length; i++) {
            bytes[size++] = (byte) text[i];
        }
        bytes[size++] = '"';
    }

    /** A non-negative number as a string value ({@code "4660"}): an ECS keyword that holds a number. */
    void quotedNumber(long value) {
        put('"');
        number(value);
        put('"');
    }

    /** Printable ASCII but the quote and the backslash: the characters JSON (and Jackson) never escape. */
    private static boolean isPlain(char c) {
        return c >= ' ' && c < 0x7f && c != '"' && c != '\\';
    }
}
