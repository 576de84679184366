package io.netzer.export;

/** Names of TLS protocol versions as events show them ({@code 1.3}), from their 16-bit wire values. */
final class TlsVersions {
    private static final int SSL_3 = 0x0300;
    private static final int TLS_1_3 = 0x0304;

    private TlsVersions() {
    }

    /** {@code 1.0} to {@code 1.3}, {@code ssl3}, or {@code 0x} and four hex digits for anything else. */
    static String name(int version) {
        if (version == SSL_3) {
            return "ssl3";
        }
        if (version > SSL_3 && version <= TLS_1_3) {
            return "1." + (version - SSL_3 - 1);
        }
        return String.format("0x%04x", version);
    }
}
