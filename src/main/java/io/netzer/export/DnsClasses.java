package io.netzer.export;

/**
 * DNS CLASS mnemonics of IANA's registry (RFC 1035 section 3.2.4, RFC 2136 section 2.4 for NONE), with
 * mDNS's cache-flush bit (RFC 6762 section 10.2) ignored.
 */
final class DnsClasses {
    private static final int CACHE_FLUSH_BIT = 0x8000;

    private DnsClasses() {
    }

    /** {@code IN}, {@code CH}, {@code HS}, {@code NONE}, {@code ANY}, or {@code CLASSnnn} (RFC 3597 section 5). */
    static String name(int dnsClass) {
        int value = dnsClass & ~CACHE_FLUSH_BIT;
        return switch (value) {
            case 1 -> "IN";
            case 3 -> "CH";
            case 4 -> "HS";
            case 254 -> "NONE";
            case 255 -> "ANY";
            default -> "CLASS" + value;
        };
    }
}
