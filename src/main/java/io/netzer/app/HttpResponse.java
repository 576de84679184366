package io.netzer.app;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * The head of one HTTP/1.x response as decoded by {@link HttpResponseParser}: version, status code, reason
 * phrase, and the Content-Type, Content-Length, Transfer-Encoding and Server headers. Field bytes are copied into
 * a preallocated array; the {@link String} accessors allocate and are meant for the moment an event is emitted.
 */
public final class HttpResponse extends HttpHead {
    private static final byte[] CONTENT_TYPE = {'c', 'o', 'n', 't', 'e', 'n', 't', '-', 't', 'y', 'p', 'e'};
    private static final byte[] SERVER = {'s', 'e', 'r', 'v', 'e', 'r'};

    int statusCode;
    int reasonOffset;
    int reasonLength;
    int contentTypeOffset;
    int contentTypeLength = -1;
    int serverOffset;
    int serverLength = -1;

    @Override
    void reset() {
        super.reset();
        statusCode = 0;
        reasonLength = 0;
        contentTypeLength = -1;
        serverLength = -1;
    }

    @Override
    boolean header(MemorySegment segment, long name, int nameLength, long value, int valueLength) {
        if (contentTypeLength < 0 && HttpFields.equalsIgnoreCase(segment, name, nameLength, CONTENT_TYPE)) {
            contentTypeLength = valueLength;
            contentTypeOffset = keep(segment, value, valueLength);
            return true;
        }
        if (serverLength < 0 && HttpFields.equalsIgnoreCase(segment, name, nameLength, SERVER)) {
            serverLength = valueLength;
            serverOffset = keep(segment, value, valueLength);
            return true;
        }
        return false;
    }

    @Override
    boolean spaceBeforeColonAllowed() {
        return true;
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
        return text(contentTypeOffset, contentTypeLength);
    }

    /**
     * The media type of Content-Type without its parameters, in lower case as RFC 9110 section 8.3.1 compares it
     * ({@code text/html} for {@code Text/HTML; charset=utf-8}), or null when absent or empty.
     */
    public String mimeType() {
        if (contentTypeLength < 0) {
            return null;
        }
        int length = 0;
        while (length < contentTypeLength && bytes[contentTypeOffset + length] != ';') {
            length++;
        }
        while (length > 0 && (bytes[contentTypeOffset + length - 1] == ' '
                || bytes[contentTypeOffset + length - 1] == '\t')) {
            length--;
        }
        return length == 0 ? null : EscapedText.of(bytes, contentTypeOffset, length).toLowerCase(Locale.ROOT);
    }

    /** The first Server header's value, or null when absent. */
    public String server() {
        return text(serverOffset, serverLength);
    }

    /** True for 1xx: an interim response, another one follows for the same request (RFC 9110 section 15.2). */
    public boolean interim() {
        return statusCode >= 100 && statusCode < 200;
    }
}
