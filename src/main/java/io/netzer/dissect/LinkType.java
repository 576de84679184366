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
    /** PPP (RFC 1661), with or without the HDLC-like framing of RFC 1662. */
    public static final int PPP = 9;
    /** PPP in HDLC-like framing (RFC 1662); libpcap also reads Cisco HDLC frames here. */
    public static final int PPP_HDLC = 50;
    /** DLT_RAW on most BSDs (written by some tools into files): raw IPv4 or IPv6. */
    public static final int RAW_BSD = 12;
    /** DLT_RAW on OpenBSD: raw IPv4 or IPv6. */
    public static final int RAW_OPENBSD = 14;
    /** LINKTYPE_RAW: raw IPv4 or IPv6, version taken from the first nibble. */
    public static final int RAW = 101;
    /** Cisco HDLC: address, control and an EtherType. */
    public static final int C_HDLC = 104;
    /** Linux cooked capture v1 (SLL), what the {@code any} pseudo-interface delivers. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (SLL2). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** Whether the dissector decodes packets of {@code linkType}. */
    public static boolean isDecoded(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, PPP, PPP_HDLC, RAW_BSD, RAW_OPENBSD, RAW, C_HDLC, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 ->
                    true;
            default -> false;
        };
    }

    /** The link types {@link #isDecoded} accepts, as a user reads them in an error. */
    public static String decodedList() {
        return "0, 1, 9, 12, 14, 50, 101, 104, 113, 228, 229, 276";
    }

    /** The short name tcpdump prints for the link type ({@code EN10MB}, {@code LINUX_SLL}, ...). */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW_BSD, RAW_OPENBSD, RAW -> "RAW";
            case LINUX_SLL -> "LINUX_SLL";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case PPP -> "PPP";
            case PPP_HDLC -> "PPP_SERIAL";
            case C_HDLC -> "C_HDLC";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
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
            case PPP -> "PPP";
            case PPP_HDLC -> "PPP over serial";
            case C_HDLC -> "Cisco HDLC";
            case IPV4 -> "Raw IPv4";
            case IPV6 -> "Raw IPv6";
            default -> null;
        };
        return description == null ? name(linkType) : name(linkType) + " (" + description + ")";
    }
}
