package io.netzer.app;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * What an HTTP/1.x request head and a response head share (RFC 9112): the head's length, the version, and the
 * body framing of section 6 (Content-Length, chunked Transfer-Encoding) with its flaws. Field bytes are copied into
 * a preallocated array of the largest head accepted ({@link HttpFields#MAX_HEAD_LENGTH}); the {@link String}
 * accessors of the subclasses allocate and are meant for the moment an event is emitted.
 */
public abstract sealed class HttpHead extends ParseResult permits HttpRequest, HttpResponse {
    final byte[] bytes = new byte[HttpFields.MAX_HEAD_LENGTH];
    int used;
    int versionMajor;
    int versionMinor;
    int headLength;
    long contentLength = -1;
    boolean chunked;
    /** Names (lower case) of the headers the subclass reports; the first copy of each is kept. */
    private final byte[][] reported;
    private final int[] fieldOffset;
    private final int[] fieldLength;
    private final boolean spaceBeforeColonAllowed;

    /**
     * A head that reports the headers named in {@code reported}; {@code spaceBeforeColonAllowed} as
     * {@link #spaceBeforeColonAllowed()} says. A field rather than a method each kind overrides: the header walk,
     * shared by requests and responses, then reads no receiver's class, so its compiled loops hold no type check
     * that the other kind of head fails (a profile_predicate trap, and a recompile).
     */
    HttpHead(byte[][] reported, boolean spaceBeforeColonAllowed) {
        this.reported = reported;
        this.spaceBeforeColonAllowed = spaceBeforeColonAllowed;
        this.fieldOffset = new int[reported.length];
        this.fieldLength = new int[reported.length];
        Arrays.fill(fieldLength, -1);
    }

    /** Forgets the previous head; the parser calls it first. */
    void reset() {
        Arrays.fill(fieldLength, -1);
        used = 0;
        versionMajor = 0;
        versionMinor = 0;
        headLength = 0;
        contentLength = -1;
        chunked = false;
        malformation = Malformation.NONE;
    }

    /** Copies {@code length} bytes of the head into {@link #bytes}, returning their offset there. */
    int keep(MemorySegment segment, long offset, int length) {
        int at = used;
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, bytes, at, length);
        used += length;
        return at;
    }

    /**
     * Keeps a header the subclass reports (the first copy of each).
     *
     * @return true when the header was one of them
     */
    final boolean header(MemorySegment segment, long name, int nameLength, long value, int valueLength) {
        for (int i = 0; i < reported.length; i++) {
            if (HttpFields.equalsIgnoreCase(segment, name, nameLength, reported[i])) {
                if (fieldLength[i] < 0) {
                    fieldLength[i] = valueLength;
                    fieldOffset[i] = keep(segment, value, valueLength);
                }
                return true;
            }
        }
        return false;
    }

    /** Where the kept value of reported header {@code i} starts in {@link #bytes}. */
    int fieldOffset(int i) {
        return fieldOffset[i];
    }

    /** Length of the kept value of reported header {@code i}, or -1 when absent. */
    int fieldLength(int i) {
        return fieldLength[i];
    }

    /** The value of reported header {@code i}, or null when absent. */
    String field(int i) {
        return text(fieldOffset[i], fieldLength[i]);
    }

    /**
     * Whether a header line may have whitespace between the name and the colon. RFC 9112 section 5.1: a server
     * must reject such a request, but a proxy must strip the whitespace from such a response and pass it on, so
     * clients act on those responses.
     */
    final boolean spaceBeforeColonAllowed() {
        return spaceBeforeColonAllowed;
    }

    /**
     * Why the last parse returned {@link ParseStatus#MALFORMED}; after {@link ParseStatus#COMPLETE}, the flaw of
     * the body's framing (Content-Length not a number, too large, conflicting, or beside chunked), or NONE.
     */
    public Malformation malformation() {
        return malformation;
    }

    /** HTTP major version (1). */
    public int versionMajor() {
        return versionMajor;
    }

    /** HTTP minor version (0 or 1). */
    public int versionMinor() {
        return versionMinor;
    }

    /** Bytes of the head, first line to the empty line included. */
    public int headLength() {
        return headLength;
    }

    /** Content-Length, or -1 when absent. */
    public long contentLength() {
        return contentLength;
    }

    /** True when Transfer-Encoding names chunked: the body's end is only known by reading the chunks. */
    public boolean chunked() {
        return chunked;
    }

    /** The text of {@code length} kept bytes at {@code offset}, or null for a length below 0. */
    String text(int offset, int length) {
        return length < 0 ? null : EscapedText.of(bytes, offset, length);
    }
}
