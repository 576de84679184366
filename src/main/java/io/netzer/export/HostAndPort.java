package io.netzer.export;

/**
 * An HTTP Host header split into host and port (RFC 9110 section 7.2: {@code uri-host [ ":" port ]}); an IPv6
 * literal keeps its brackets ({@code [::1]}, as ECS writes {@code url.domain}). Events only: allocates.
 *
 * @param host the host, possibly empty
 * @param port the port, or -1 when absent or not a number
 */
record HostAndPort(String host, int port) {
    private static final int MAX_PORT = 65_535;

    /** Splits a Host value; null for null. */
    static HostAndPort parse(String value) {
        if (value == null) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        int bracket = value.lastIndexOf(']');
        if (colon < 0 || colon < bracket || (bracket < 0 && value.indexOf(':') != colon)) {
            return new HostAndPort(value, -1);
        }
        String digits = value.substring(colon + 1);
        int port = -1;
        if (!digits.isEmpty() && digits.length() <= 5 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            port = Integer.parseInt(digits);
        }
        if (port < 0 || port > MAX_PORT) {
            return new HostAndPort(value, -1);
        }
        return new HostAndPort(value.substring(0, colon), port);
    }
}
