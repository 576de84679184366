package io.netzer.app;

import java.util.Locale;

/**
 * The head of one HTTP/1.x response as decoded by {@link HttpResponseParser}: version, status code, reason
 * phrase, and the Content-Type, Content-Length, Transfer-Encoding and Server headers. Field bytes are copied into
 * a preallocated array; the {@link String} accessors allocate and are meant for the moment an event is emitted.
 */
public final class HttpResponse extends HttpHead {
    private static final int CONTENT_TYPE = 0;
    private static final int SERVER = 1;
    private static final byte[][] REPORTED = {{'c', 'o', 'n', 't', 'e', 'n', 't', '-', 't', 'y', 'p', 'e'},
        {'s', 'e', 'r', 'v', 'e', 'r'}};

    int statusCode;
    int reasonOffset;
    int reasonLength;

    /** An empty response head, to be filled by {@link HttpResponseParser}. */
    public HttpResponse() {
        super(REPORTED, true);
    }

    @Override
    void reset() {
        super.reset();
        statusCode = 0;
        reasonLength = 0;
    }

    /** The three-digit status code. */
    public int statusCode() {
        return statusCode;
    }

    /** The reason phrase, possibly empty. */
    public String reason() {
        return EscapedText.of(bytes, reasonOffset, reasonLength);
    }

    /** The first Content-Type header's value as sent (parameters included), or null when absent. */
    public String contentType() {
        return field(CONTENT_TYPE);
    }

    /**
     * The media type of Content-Type without its parameters, in lower case as RFC 9110 section 8.3.1 compares it
     * ({@code text/html} for {@code Text/HTML; charset=utf-8}), or null when absent or empty.
     */
    public String mimeType() {
        int offset = fieldOffset(CONTENT_TYPE);
        int length = 0;
        while (length < fieldLength(CONTENT_TYPE) && bytes[offset + length] != ';') {
            length++;
        }
        while (length > 0 && (bytes[offset + length - 1] == ' ' || bytes[offset + length - 1] == '\t')) {
            length--;
        }
        return length == 0 ? null : EscapedText.of(bytes, offset, length).toLowerCase(Locale.ROOT);
    }

    /** The first Server header's value, or null when absent. */
    public String server() {
        return field(SERVER);
    }

    /** True for 1xx: an interim response, another one follows for the same request (RFC 9110 section 15.2). */
    public boolean interim() {
        return statusCode >= 100 && statusCode < 200;
    }
}
