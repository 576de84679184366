package io.netzer.filter;

/** The link types the compiler handles (LINKTYPE_ values, plus the DLT_RAW values some writers use). */
final class LinkTypes {
    static final int NULL = 0;
    static final int ETHERNET = 1;
    static final int PPP = 9;
    static final int PPP_SERIAL = 50;
    static final int C_HDLC = 104;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int RAW_BSD = 12;
    static final int RAW_OPENBSD = 14;
    static final int RAW = 101;
    static final int LINUX_SLL = 113;
    static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }

    /** The description libpcap uses in "no VLAN support for ..." style errors. */
    static String description(int linkType) {
        return switch (linkType) {
            case NULL -> "BSD loopback";
            case ETHERNET -> "Ethernet";
            case LINUX_SLL -> "Linux cooked v1";
            case LINUX_SLL2 -> "Linux cooked v2";
            case PPP -> "PPP";
            case PPP_SERIAL -> "PPP over serial";
            case C_HDLC -> "Cisco HDLC";
            case IPV4 -> "Raw IPv4";
            case IPV6 -> "Raw IPv6";
            default -> "Raw IP";
        };
    }
}
