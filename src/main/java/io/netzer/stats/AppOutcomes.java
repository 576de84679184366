package io.netzer.stats;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How the application exchanges went, as an on-call engineer asks first: DNS responses by response code, HTTP
 * exchanges by status class, TLS handshakes by negotiated version. Fixed sets of counters, so no name or code from
 * the wire can add one; the workers count as their events are produced (an atomic add, nothing allocated: events
 * are rare next to packets), the sampler reads the totals once a second.
 */
public final class AppOutcomes {
    /** DNS response codes counted apart (RFC 1035 section 4.1.1, RFC 2136 section 2.2); the rest is {@code other}. */
    public static final List<String> DNS_CODES = List.of("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", "other");
    /** HTTP status classes (RFC 9110 section 15); {@code no response} for a request its flow's end left unanswered. */
    public static final List<String> HTTP_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", "other",
            "no response");
    /** TLS versions the server chose; {@code not negotiated} without a ServerHello (or with a HelloRetryRequest). */
    public static final List<String> TLS_VERSIONS = List.of("TLS 1.3", "TLS 1.2", "TLS 1.1", "TLS 1.0", "SSL 3.0",
            "other", "not negotiated");

    private static final int NOERROR = 0;
    private static final int SERVFAIL = 2;
    private static final int NXDOMAIN = 3;
    private static final int REFUSED = 5;
    private static final int SSL_3_0 = 0x0300;
    private static final int TLS_1_3 = 0x0304;
    private static final int HTTP_OFFSET = DNS_CODES.size();
    private static final int TLS_OFFSET = HTTP_OFFSET + HTTP_CLASSES.size();

    private final AtomicLongArray counts = new AtomicLongArray(TLS_OFFSET + TLS_VERSIONS.size());

    /** Any worker: a DNS response with RCODE {@code code} (0 to 15). */
    public void dnsResponse(int code) {
        int index = switch (code) {
            case NOERROR -> 0;
            case NXDOMAIN -> 1;
            case SERVFAIL -> 2;
            case REFUSED -> 3;
            default -> 4;
        };
        counts.incrementAndGet(index);
    }

    /** Any worker: an HTTP exchange whose final response had {@code status}, or 0 when none came. */
    public void httpExchange(int status) {
        int index;
        if (status == 0) {
            index = HTTP_CLASSES.size() - 1;
        } else if (status >= 100 && status <= 599) {
            index = status / 100 - 1;
        } else {
            index = HTTP_CLASSES.size() - 2;
        }
        counts.incrementAndGet(HTTP_OFFSET + index);
    }

    /** Any worker: a TLS handshake the server answered with {@code version} ({@code 0x0304} TLS 1.3), or 0. */
    public void tlsVersion(int version) {
        int index;
        if (version == 0) {
            index = TLS_VERSIONS.size() - 1;
        } else if (version >= SSL_3_0 && version <= TLS_1_3) {
            index = TLS_1_3 - version;
        } else {
            index = TLS_VERSIONS.size() - 2;
        }
        counts.incrementAndGet(TLS_OFFSET + index);
    }

    /** DNS responses so far, in {@link #DNS_CODES} order (any thread). */
    public long[] dnsTotals() {
        return totals(0, DNS_CODES.size());
    }

    /** HTTP exchanges so far, in {@link #HTTP_CLASSES} order (any thread). */
    public long[] httpTotals() {
        return totals(HTTP_OFFSET, HTTP_CLASSES.size());
    }

    /** TLS handshakes so far, in {@link #TLS_VERSIONS} order (any thread). */
    public long[] tlsTotals() {
        return totals(TLS_OFFSET, TLS_VERSIONS.size());
    }

    private long[] totals(int from, int length) {
        long[] out = new long[length];
        for (int i = 0; i < length; i++) {
            out[i] = counts.get(from + i);
        }
        return out;
    }
}
