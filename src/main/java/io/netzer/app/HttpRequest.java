package io.netzer.app;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The head of one HTTP/1.x request as decoded by {@link HttpRequestParser}: method, target, version, and the
 * Host, User-Agent, Content-Length and Transfer-Encoding headers. Field bytes are copied into a preallocated
 * array; the {@link String} accessors allocate ({@link EscapedText}: bytes that are not UTF-8 are escaped) and
 * are meant for the moment an event is emitted.
 */
public final class HttpRequest extends ParseResult {
    final byte[] bytes = new byte[HttpRequestParser.MAX_HEAD_LENGTH];
    int used;
    int methodOffset;
    int methodLength;
    int targetOffset;
    int targetLength;
    int hostOffset;
    int hostLength = -1;
    int userAgentOffset;
    int userAgentLength = -1;
    int versionMajor;
    int versionMinor;
    int headLength;
    long contentLength = -1;
    boolean chunked;

    /** Forgets the previous request; the parser calls it first. */
    void reset() {
        used = 0;
        methodLength = 0;
        targetLength = 0;
        hostLength = -1;
        userAgentLength = -1;
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
     * Why the last parse returned {@link ParseStatus#MALFORMED}; after {@link ParseStatus#COMPLETE}, the flaw of
     * the body's framing (Content-Length not a number, too large, conflicting, or beside chunked), or NONE.
     */
    public Malformation malformation() {
        return malformation;
    }

    /** The method, e.g. {@code GET}. */
    public String method() {
        return EscapedText.of(bytes, methodOffset, methodLength);
    }

    /** The request target as sent, e.g. {@code /search?q=x} or {@code http://host/} for a proxy. */
    public String target() {
        return EscapedText.of(bytes, targetOffset, targetLength);
    }

    /** The target without its query ({@code ?...}): the path for the usual origin form. */
    public String path() {
        int length = 0;
        while (length < targetLength && bytes[targetOffset + length] != '?') {
            length++;
        }
        return EscapedText.of(bytes, targetOffset, length);
    }

    /** HTTP major version (1). */
    public int versionMajor() {
        return versionMajor;
    }

    /** HTTP minor version (0 or 1). */
    public int versionMinor() {
        return versionMinor;
    }

    /** The first Host header's value, or null when absent. */
    public String host() {
        return hostLength < 0 ? null : EscapedText.of(bytes, hostOffset, hostLength);
    }

    /** The first User-Agent header's value, or null when absent. */
    public String userAgent() {
        return userAgentLength < 0 ? null : EscapedText.of(bytes, userAgentOffset, userAgentLength);
    }

    /** Bytes of the head, request line to the empty line included. */
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

    /**
     * Where the next pipelined request starts, counted from the start of this one: after the head and a
     * Content-Length body (RFC 9112 section 6.3), or -1 when the body is chunked or its framing broken, so that
     * its length is unknown here.
     *
     * @return an offset relative to this request's first byte, or -1
     */
    public long nextRequestOffset() {
        if (chunked || malformation != Malformation.NONE) {
            return -1;
        }
        return headLength + Math.max(contentLength, 0);
    }
}
