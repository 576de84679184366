package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * A TCP payload on an HTTP port in tcpdump's words without {@code -v} (print-http.c through txtproto_print):
 * {@code HTTP: GET / HTTP/1.1} when the payload starts with a request (a known method) or a status line (a
 * three-digit second token), else {@code HTTP} alone, since a continuation of a body says nothing more. The
 * first line is written up to its CR-LF or LF, and not at all when it holds a byte that is neither printable
 * ASCII nor a tab, or a CR without LF, as tcpdump's print_txt_line decides. Written into the caller's char
 * array without allocating.
 */
final class HttpText {
    /** The ports tcpdump decodes as HTTP (HTTP_PORT, HTTP_PORT_ALT). */
    static final int PORT = 80;
    static final int ALT_PORT = 8080;
    /** tcpdump's MAX_TOKEN: a longer first token is not a method. */
    private static final int MAX_TOKEN = 128;
    /** print-http.c's httpcmds. */
    private static final String[] METHODS = {
        "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL",
        "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT", "OPTIONS",
        "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND", "BPROPPATCH",
        "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL",
        "BASELINE-CONTROL",
    };

    private HttpText() {
    }

    /** Whether tcpdump hands a TCP payload between these ports to its HTTP printer. */
    static boolean isHttpPort(int source, int destination) {
        return source == PORT || destination == PORT || source == ALT_PORT || destination == ALT_PORT;
    }

    /**
     * Writes {@code HTTP} and, for a request or status line, {@code : } and that line, at most {@code room}
     * characters of it.
     *
     * @param offset    where the payload starts in {@code segment}
     * @param available payload bytes captured
     */
    static int write(MemorySegment segment, long offset, int available, char[] out, int position, int room) {
        position = text("HTTP", out, position);
        if (!startsMessage(segment, offset, available)) {
            return position;
        }
        int end = lineEnd(segment, offset, available);
        if (end < 0) {
            return position;
        }
        position = text(": ", out, position);
        int length = Math.min(end, Math.max(0, room - 2));
        for (int i = 0; i < length; i++) {
            out[position++] = (char) Wire.u8(segment, offset + i);
        }
        return position;
    }

    /** txtproto_print's test: the first token a method, or the second one a three-digit status code. */
    private static boolean startsMessage(MemorySegment segment, long offset, int available) {
        int first = tokenEnd(segment, offset, 0, available);
        if (first <= 0) {
            return false;
        }
        if (isMethod(segment, offset, first)) {
            return true;
        }
        int second = skipBlanks(segment, offset, first, available);
        int secondEnd = tokenEnd(segment, offset, second, available);
        if (secondEnd <= 0 || secondEnd - second != 3) {
            return false;
        }
        for (int i = second; i < secondEnd; i++) {
            int c = Wire.u8(segment, offset + i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * fetch_token: the end of the token at {@code from}, ended by a blank, CR, LF or the payload's end; 0 when
     * there is none, it holds a byte that is not printable ASCII, or it is longer than tcpdump's buffer.
     */
    private static int tokenEnd(MemorySegment segment, long offset, int from, int available) {
        int at = from;
        while (at < available) {
            int c = Wire.u8(segment, offset + at);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                break;
            }
            if (c < 0x20 || c > 0x7e || at - from + 2 > MAX_TOKEN) {
                return 0;
            }
            at++;
        }
        return at == from ? 0 : at;
    }

    /** fetch_token's tail: past the blanks after a token, up to the line's end or the next token. */
    private static int skipBlanks(MemorySegment segment, long offset, int from, int available) {
        int at = from;
        while (at < available) {
            int c = Wire.u8(segment, offset + at);
            if (c != ' ' && c != '\t') {
                break;
            }
            at++;
        }
        return at;
    }

    /** The token {@code [0, end)} is one of the methods, compared without regard to case as tcpdump does. */
    private static boolean isMethod(MemorySegment segment, long offset, int end) {
        for (String method : METHODS) {
            if (method.length() != end) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < end && same; i++) {
                int c = Wire.u8(segment, offset + i);
                same = Character.toUpperCase((char) c) == method.charAt(i);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /**
     * print_txt_line: the length of the first line without its CR-LF or LF (all of the payload when it has no
     * line end), or -1 when tcpdump prints nothing of it (a byte neither printable nor a tab, a CR not followed
     * by LF, or a CR that is the last byte captured).
     */
    private static int lineEnd(MemorySegment segment, long offset, int available) {
        for (int i = 0; i < available; i++) {
            int c = Wire.u8(segment, offset + i);
            if (c == '\n') {
                return i;
            }
            if (c == '\r') {
                return i + 1 < available && Wire.u8(segment, offset + i + 1) == '\n' ? i : -1;
            }
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
                return -1;
            }
        }
        return available;
    }
}
