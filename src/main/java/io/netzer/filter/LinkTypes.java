package io.netzer.filter;

/** The link types the compiler handles (LINKTYPE_ values, plus the DLT_RAW values some writers use). */
final class LinkTypes {
    static final int NULL = 0;
    static final int ETHERNET = 1;
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
            default -> "Raw IP";
        };
    }
}
