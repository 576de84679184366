package io.netzer.filter;

import java.util.HashMap;
import java.util.Map;

/** The reserved words and named constants of libpcap's scanner (scanner.l). */
final class Keywords {
    /** Words that are tokens of their own; anything else is a name. */
    static final Map<String, Token.Kind> KEYWORDS = new HashMap<>();
    /** Names the scanner turns into numbers: header offsets, TCP flags and ICMP/ICMPv6 types. */
    static final Map<String, Integer> CONSTANTS = new HashMap<>();

    /**
     * libpcap keywords NetZer does not implement. They stay reserved, as in libpcap, so that an expression
     * using one is refused by name instead of being read as a host name.
     */
    private static final String[] UNSUPPORTED = {
        "mpls", "pppoed", "pppoes", "gateway", "protochain", "ifindex",
        "atalk", "aarp", "decnet", "lat", "sca", "moprc", "mopdl", "iso", "esis", "es-is", "isis", "is-is",
        "l1", "l2", "iih", "lsp", "snp", "csnp", "psnp", "clnp", "stp", "ipx", "netbeui", "radio", "type",
        "subtype", "dir", "direction", "address1", "address2", "address3", "address4", "addr1", "addr2",
        "addr3", "addr4", "ra", "ta", "byte", "lane", "llc", "metac", "bcc", "oam", "oamf4", "oamf4ec",
        "oamf4sc", "sc", "ilmic", "vpi", "vci", "connectmsg", "metaconnect", "on", "ifname", "rnr", "rulenum",
        "reason", "rset", "ruleset", "srnr", "subrulenum", "action", "fisu", "lssu", "lsu", "msu", "hfisu",
        "hlssu", "hmsu", "sio", "opc", "dpc", "sls", "hsio", "hopc", "hdpc", "hsls",
    };

    static {
        for (String word : UNSUPPORTED) {
            KEYWORDS.put(word, Token.Kind.UNSUPPORTED);
        }
        for (String word : new String[] {"ether", "link", "fddi", "tr", "wlan"}) {
            KEYWORDS.put(word, Token.Kind.LINK);
        }
        KEYWORDS.put("ip", Token.Kind.IP);
        KEYWORDS.put("ip6", Token.Kind.IP6);
        KEYWORDS.put("arp", Token.Kind.ARP);
        KEYWORDS.put("rarp", Token.Kind.RARP);
        KEYWORDS.put("tcp", Token.Kind.TCP);
        KEYWORDS.put("udp", Token.Kind.UDP);
        KEYWORDS.put("icmp", Token.Kind.ICMP);
        KEYWORDS.put("icmp6", Token.Kind.ICMP6);
        KEYWORDS.put("sctp", Token.Kind.SCTP);
        KEYWORDS.put("igmp", Token.Kind.IGMP);
        KEYWORDS.put("igrp", Token.Kind.IGRP);
        KEYWORDS.put("pim", Token.Kind.PIM);
        KEYWORDS.put("vrrp", Token.Kind.VRRP);
        KEYWORDS.put("carp", Token.Kind.CARP);
        KEYWORDS.put("ah", Token.Kind.AH);
        KEYWORDS.put("esp", Token.Kind.ESP);
        KEYWORDS.put("src", Token.Kind.SRC);
        KEYWORDS.put("dst", Token.Kind.DST);
        KEYWORDS.put("host", Token.Kind.HOST);
        KEYWORDS.put("net", Token.Kind.NET);
        KEYWORDS.put("mask", Token.Kind.MASK);
        KEYWORDS.put("port", Token.Kind.PORT);
        KEYWORDS.put("portrange", Token.Kind.PORTRANGE);
        KEYWORDS.put("proto", Token.Kind.PROTO);
        KEYWORDS.put("broadcast", Token.Kind.BROADCAST);
        KEYWORDS.put("multicast", Token.Kind.MULTICAST);
        KEYWORDS.put("less", Token.Kind.LESS);
        KEYWORDS.put("greater", Token.Kind.GREATER);
        KEYWORDS.put("len", Token.Kind.LEN);
        KEYWORDS.put("length", Token.Kind.LEN);
        KEYWORDS.put("vlan", Token.Kind.VLAN);
        KEYWORDS.put("geneve", Token.Kind.GENEVE);
        KEYWORDS.put("inbound", Token.Kind.INBOUND);
        KEYWORDS.put("outbound", Token.Kind.OUTBOUND);
        KEYWORDS.put("and", Token.Kind.AND);
        KEYWORDS.put("or", Token.Kind.OR);
        KEYWORDS.put("not", Token.Kind.NOT);

        CONSTANTS.put("icmptype", 0);
        CONSTANTS.put("icmpcode", 1);
        CONSTANTS.put("icmp-echoreply", 0);
        CONSTANTS.put("icmp-unreach", 3);
        CONSTANTS.put("icmp-sourcequench", 4);
        CONSTANTS.put("icmp-redirect", 5);
        CONSTANTS.put("icmp-echo", 8);
        CONSTANTS.put("icmp-routeradvert", 9);
        CONSTANTS.put("icmp-routersolicit", 10);
        CONSTANTS.put("icmp-timxceed", 11);
        CONSTANTS.put("icmp-paramprob", 12);
        CONSTANTS.put("icmp-tstamp", 13);
        CONSTANTS.put("icmp-tstampreply", 14);
        CONSTANTS.put("icmp-ireq", 15);
        CONSTANTS.put("icmp-ireqreply", 16);
        CONSTANTS.put("icmp-maskreq", 17);
        CONSTANTS.put("icmp-maskreply", 18);
        CONSTANTS.put("icmp6type", 0);
        CONSTANTS.put("icmp6code", 1);
        String[] icmp6 = {
            "destinationunreach:1", "packettoobig:2", "timeexceeded:3", "parameterproblem:4", "echo:128",
            "echoreply:129", "multicastlistenerquery:130", "multicastlistenerreportv1:131",
            "multicastlistenerdone:132", "routersolicit:133", "routeradvert:134", "neighborsolicit:135",
            "neighboradvert:136", "redirect:137", "routerrenum:138", "nodeinformationquery:139",
            "nodeinformationresponse:140", "ineighbordiscoverysolicit:141", "ineighbordiscoveryadvert:142",
            "multicastlistenerreportv2:143", "homeagentdiscoveryrequest:144", "homeagentdiscoveryreply:145",
            "mobileprefixsolicit:146", "mobileprefixadvert:147", "certpathsolicit:148", "certpathadvert:149",
            "multicastrouteradvert:151", "multicastroutersolicit:152", "multicastrouterterm:153",
        };
        for (String entry : icmp6) {
            int colon = entry.indexOf(':');
            CONSTANTS.put("icmp6-" + entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
        }
        CONSTANTS.put("tcpflags", 13);
        CONSTANTS.put("tcp-fin", 0x01);
        CONSTANTS.put("tcp-syn", 0x02);
        CONSTANTS.put("tcp-rst", 0x04);
        CONSTANTS.put("tcp-push", 0x08);
        CONSTANTS.put("tcp-ack", 0x10);
        CONSTANTS.put("tcp-urg", 0x20);
        CONSTANTS.put("tcp-ece", 0x40);
        CONSTANTS.put("tcp-cwr", 0x80);
    }

    private Keywords() {
    }
}
