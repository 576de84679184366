package io.netzer.export;

/**
 * The keywords of IANA's Assigned Internet Protocol Numbers registry
 * (https://www.iana.org/assignments/protocol-numbers), lowercased: ECS's {@code network.transport} is "the keyword
 * name of the transport layer" from that registry, normalized to lowercase, so {@code 41} is {@code ipv6} and
 * {@code 89} is {@code ospfigp} (the registry's keyword; {@code /etc/protocols} calls it {@code ospf}). Numbers
 * the registry leaves without a keyword (61, 63, 68, 99, 114, unassigned, experimental, reserved) keep their
 * decimal number, as they always did, so no packet loses its transport.
 */
final class IanaProtocols {
    /** Index = protocol number; null where the registry has no keyword. */
    private static final String[] KEYWORDS = {
        "hopopt", "icmp", "igmp", "ggp", "ipv4", "st", "tcp", "cbt", "egp", "igp",                          // 0
        "bbn-rcc-mon", "nvp-ii", "pup", "argus", "emcon", "xnet", "chaos", "udp", "mux", "dcn-meas",        // 10
        "hmp", "prm", "xns-idp", "trunk-1", "trunk-2", "leaf-1", "leaf-2", "rdp", "irtp", "iso-tp4",        // 20
        "netblt", "mfe-nsp", "merit-inp", "dccp", "3pc", "idpr", "xtp", "ddp", "idpr-cmtp", "tp++",         // 30
        "il", "ipv6", "sdrp", "ipv6-route", "ipv6-frag", "idrp", "rsvp", "gre", "dsr", "bna",               // 40
        "esp", "ah", "i-nlsp", "swipe", "narp", "min-ipv4", "tlsp", "skip", "ipv6-icmp", "ipv6-nonxt",      // 50
        "ipv6-opts", null, "cftp", null, "sat-expak", "kryptolan", "rvd", "ippc", null, "sat-mon",         // 60
        "visa", "ipcv", "cpnx", "cphb", "wsn", "pvp", "br-sat-mon", "sun-nd", "wb-mon", "wb-expak",         // 70
        "iso-ip", "vmtp", "secure-vmtp", "vines", "iptm", "nsfnet-igp", "dgp", "tcf", "eigrp", "ospfigp",   // 80
        "sprite-rpc", "larp", "mtp", "ax.25", "ipip", "micp", "scc-sp", "etherip", "encap", null,           // 90
        "gmtp", "ifmp", "pnni", "pim", "aris", "scps", "qnx", "a/n", "ipcomp", "snp",                       // 100
        "compaq-peer", "ipx-in-ip", "vrrp", "pgm", null, "l2tp", "ddx", "iatp", "stp", "srp",               // 110
        "uti", "smp", "sm", "ptp", "isis over ipv4", "fire", "crtp", "crudp", "sscopmce", "iplt",           // 120
        "sps", "pipe", "sctp", "fc", "rsvp-e2e-ignore", "mobility header", "udplite", "mpls-in-ip", "manet", // 130
        "hip", "shim6", "wesp", "rohc", "ethernet", "aggfrag", "nsh",                                       // 139
    };

    private IanaProtocols() {
    }

    /** {@code network.transport} for an IP protocol number (0 to 255). */
    static String keyword(int protocol) {
        if (protocol >= 0 && protocol < KEYWORDS.length && KEYWORDS[protocol] != null) {
            return KEYWORDS[protocol];
        }
        return Integer.toString(protocol);
    }
}
