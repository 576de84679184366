package io.netzer.export;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.Dataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One NDJSON line at a time, appended as bytes into a reused buffer that is handed on in whole lines (so
 * several workers can share an output). Packet events hold only numbers and ASCII text NetZer formats itself
 * (addresses, timestamps, flag letters), which never need escaping; the few strings from outside (host and
 * interface names) are escaped once by Jackson's encoder with {@link #quoted(String)} and then reused as bytes.
 * Commas between members are written by the caller's structure: {@link #key} writes the comma when the object
 * already has a member. A {@link LineTap} sees each line as it is completed.
 */
final class JsonLine {
    private static final int MAX_DEPTH = 8;
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private final byte[][] lastKey = new byte[MAX_DEPTH][];
    private final char[] digits = new char[20];
    private int depth;
    private int lineStart;
    private LineTap tap;

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

    /** The bytes of {@code "name":}, computed once per key. */
    static byte[] key(String name) {
        return ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    void startObject() {
        put('{');
        hasMember[++depth] = false;
    }

    void endObject() {
        put('}');
        depth--;
    }

    /** Starts a member: a comma if the object has one already, then the pre-encoded key. */
    JsonLine key(byte[] key) {
        if (hasMember[depth]) {
            put(',');
        }
        hasMember[depth] = true;
        lastKey[depth] = key;
        raw(key);
        return this;
    }

    /**
     * Starts a member whose value is an object, or reopens it when the object just closed was that member: two
     * writers that each add to an optional object ({@code netzer} of an app event) make one member, never two
     * with the same name (which a JSON reader would merge by keeping only the last).
     */
    void objectMemberOrReopen(byte[] key) {
        if (size > 0 && bytes[size - 1] == '}' && lastKey[depth] != null && Arrays.equals(lastKey[depth], key)) {
            size--;
            hasMember[++depth] = true;
            return;
        }
        objectMember(key);
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
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
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

    /** A non-negative number. */
    void number(long value) {
        int length = AddressFormat.decimal(value, digits, 0);
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) digits[i];
        }
    }

    void bool(boolean value) {
        raw(value ? TRUE : FALSE);
    }

    /**
     * Ends the line and starts the next at depth 0; the tap sees it with its dataset and the packet that produced
     * it (null when none did).
     */
    void endLine(Dataset dataset, Packet packet) {
        put('\n');
        depth = 0;
        if (tap != null) {
            tap.line(dataset, bytes, lineStart, size - lineStart, packet);
        }
        lineStart = size;
    }

    /** Forgets the complete lines held (nothing to write them to). */
    void discard() {
        size = 0;
        lineStart = 0;
    }

    int size() {
        return size;
    }

    /** Writes the complete lines held to {@code out} in one call. */
    void drainTo(OutputStream out) throws IOException {
        if (size > 0) {
            out.write(bytes, 0, size);
            size = 0;
            lineStart = 0;
        }
    }

    private void put(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
