package io.netzer.app;

/**
 * The head of one HTTP/1.x request as decoded by {@link HttpRequestParser}: method, target, version, and the
 * Host, User-Agent, Content-Length and Transfer-Encoding headers. Field bytes are copied into a preallocated
 * array; the {@link String} accessors allocate ({@link EscapedText}: bytes that are not UTF-8 are escaped) and
 * are meant for the moment an event is emitted.
 */
public final class HttpRequest extends HttpHead {
    private static final int HOST = 0;
    private static final int USER_AGENT = 1;
    private static final byte[][] REPORTED = {{'h', 'o', 's', 't'}, {'u', 's', 'e', 'r', '-', 'a', 'g', 'e', 'n', 't'}};

    int methodOffset;
    int methodLength;
    int targetOffset;
    int targetLength;

    /** An empty request head, to be filled by {@link HttpRequestParser}. */
    public HttpRequest() {
        super(REPORTED, false);
    }

    @Override
    void reset() {
        super.reset();
        methodLength = 0;
        targetLength = 0;
    }

    /** The method, e.g. {@code GET}. */
    public String method() {
        return EscapedText.of(bytes, methodOffset, methodLength);
    }

    /** True when the method is {@code name} (ASCII, exact case as RFC 9110 section 9.1 says). */
    public boolean methodIs(String name) {
        if (name.length() != methodLength) {
            return false;
        }
        for (int i = 0; i < methodLength; i++) {
            if (bytes[methodOffset + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The request target as sent, e.g. {@code /search?q=x} or {@code http://host/} for a proxy. */
    public String target() {
        return EscapedText.of(bytes, targetOffset, targetLength);
    }

    /** The target without its query ({@code ?...}): the path for the usual origin form. */
    public String path() {
        return EscapedText.of(bytes, targetOffset, queryMark());
    }

    /** The query after the first {@code ?} of the target, without the {@code ?} (possibly empty), or null. */
    public String query() {
        int mark = queryMark();
        return mark == targetLength ? null : EscapedText.of(bytes, targetOffset + mark + 1, targetLength - mark - 1);
    }

    private int queryMark() {
        int length = 0;
        while (length < targetLength && bytes[targetOffset + length] != '?') {
            length++;
        }
        return length;
    }

    /** The first Host header's value, or null when absent. */
    public String host() {
        return field(HOST);
    }

    /** The first User-Agent header's value, or null when absent. */
    public String userAgent() {
        return field(USER_AGENT);
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
