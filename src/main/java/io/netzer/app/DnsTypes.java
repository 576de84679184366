package io.netzer.app;

/**
 * The mnemonics of IANA's "Resource Record (RR) TYPEs" registry (dns-parameters, RFC 6895 section 3.1), data
 * types, QTYPEs and meta-types alike, so that a type any resolver or zone file names has its name in events;
 * {@code TYPEnnn} (RFC 3597 section 5) is left for the values the registry does not assign (0 and 65535 are
 * reserved, 65280 to 65534 are for private use). QTYPE 255 is written {@code ANY}, as dig, Packetbeat and the
 * query types' own RFC 8482 write it, where the registry's mnemonic is {@code *}.
 */
final class DnsTypes {
    /** Types 1 to 264 in registry order; null where unassigned. */
    private static final String[] NAMES = new String[265];
    private static final int TA = 32768;
    private static final int DLV = 32769;

    static {
        String[] first = {
            null, "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG", "MR", "NULL", "WKS", "PTR", "HINFO", "MINFO",
            "MX", "TXT", "RP", "AFSDB", "X25", "ISDN", "RT", "NSAP", "NSAP-PTR", "SIG", "KEY", "PX", "GPOS", "AAAA",
            "LOC", "NXT", "EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT", "A6", "DNAME", "SINK", "OPT", "APL",
            "DS", "SSHFP", "IPSECKEY", "RRSIG", "NSEC", "DNSKEY", "DHCID", "NSEC3", "NSEC3PARAM", "TLSA", "SMIMEA",
            null, "HIP", "NINFO", "RKEY", "TALINK", "CDS", "CDNSKEY", "OPENPGPKEY", "CSYNC", "ZONEMD", "SVCB",
            "HTTPS", "DSYNC", "HHIT", "BRID",
        };
        System.arraycopy(first, 0, NAMES, 0, first.length);
        String[] hundreds = {"SPF", "UINFO", "UID", "GID", "UNSPEC", "NID", "L32", "L64", "LP", "EUI48", "EUI64"};
        System.arraycopy(hundreds, 0, NAMES, 99, hundreds.length);
        NAMES[128] = "NXNAME";
        String[] meta = {
            "TKEY", "TSIG", "IXFR", "AXFR", "MAILB", "MAILA", "ANY", "URI", "CAA", "AVC", "DOA", "AMTRELAY",
            "RESINFO", "WALLET", "CLA", "IPN",
        };
        System.arraycopy(meta, 0, NAMES, 249, meta.length);
    }

    private DnsTypes() {
    }

    /** The registry's mnemonic of a 16-bit TYPE or QTYPE, or {@code TYPEnnn} when it assigns none. */
    static String name(int type) {
        if (type >= 0 && type < NAMES.length && NAMES[type] != null) {
            return NAMES[type];
        }
        return switch (type) {
            case TA -> "TA";
            case DLV -> "DLV";
            default -> "TYPE" + type;
        };
    }
}
