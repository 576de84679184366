package io.netzer.dissect;

/**
 * Link-layer header types as numbered by tcpdump.org's LINKTYPE_ registry (the values in pcap and pcapng
 * files), with the few DLT_ values that some writers put in files instead.
 */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the byte order of the capturing host. */
    public static final int NULL = 0;
    /** Ethernet II and 802.3. */
    public static final int ETHERNET = 1;
    /** DLT_RAW on most BSDs (written by some tools into files): raw IPv4 or IPv6. */
    public static final int RAW_BSD = 12;
    /** DLT_RAW on OpenBSD: raw IPv4 or IPv6. */
    public static final int RAW_OPENBSD = 14;
    /** LINKTYPE_RAW: raw IPv4 or IPv6, version taken from the first nibble. */
    public static final int RAW = 101;
    /** Linux cooked capture v1 (SLL), what the {@code any} pseudo-interface delivers. */
    public static final int LINUX_SLL = 113;
    /** Linux cooked capture v2 (SLL2). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** The short name tcpdump prints for the link type ({@code EN10MB}, {@code LINUX_SLL}, ...). */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW_BSD, RAW_OPENBSD, RAW -> "RAW";
            case LINUX_SLL -> "LINUX_SLL";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }

    /** The name with tcpdump's description, as its {@code reading from file} line shows it. */
    public static String nameAndDescription(int linkType) {
        String description = switch (linkType) {
            case NULL -> "BSD loopback";
            case ETHERNET -> "Ethernet";
            case RAW_BSD, RAW_OPENBSD, RAW -> "Raw IP";
            case LINUX_SLL -> "Linux cooked v1";
            case LINUX_SLL2 -> "Linux cooked v2";
            default -> null;
        };
        return description == null ? name(linkType) : name(linkType) + " (" + description + ")";
    }
}
