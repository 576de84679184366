package io.netzer.filter;

/**
 * One lexical token of a filter expression.
 *
 * @param kind   what the token is
 * @param text   the text as written (for ID, without the escaping backslash)
 * @param number the value of a NUM token
 * @param column 1-based column of the first character
 */
record Token(Kind kind, String text, long number, int column) {
    enum Kind {
        NUM, HID, HID6, EID, ID, END,
        // protocol names
        LINK, IP, IP6, ARP, RARP, TCP, UDP, ICMP, ICMP6, SCTP, IGMP, IGRP, PIM, VRRP, CARP, AH, ESP,
        // qualifiers
        SRC, DST, HOST, NET, MASK, PORT, PORTRANGE, PROTO,
        // other primitives
        BROADCAST, MULTICAST, LESS, GREATER, LEN, VLAN, GENEVE, INBOUND, OUTBOUND,
        AND, OR, NOT,
        /** A libpcap keyword NetZer does not implement; the parser names it in the error. */
        UNSUPPORTED,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COLON, SLASH,
        PLUS, MINUS, STAR, PERCENT, AMP, PIPE, CARET, LSH, RSH,
        EQ, NEQ, LT, LE, GT, GE
    }

    /** How the token is shown in error messages. */
    String describe() {
        return kind == Kind.END ? "end of expression" : "'" + text + "'";
    }
}
