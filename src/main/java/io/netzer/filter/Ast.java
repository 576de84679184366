package io.netzer.filter;

/**
 * The parsed filter expression. Boolean nodes mirror libpcap's grammar (grammar.y); every leaf keeps the
 * column it starts at so that errors found while generating code can point into the expression.
 */
final class Ast {
    private Ast() {
    }

    /** Protocol qualifier ({@code Q_*} protocols in gencode.h); DEFAULT when none was written. */
    enum Proto { DEFAULT, LINK, IP, IP6, ARP, RARP, TCP, UDP, ICMP, ICMP6, SCTP, IGMP, IGRP, PIM, VRRP, CARP, AH, ESP }

    /** Direction qualifier. */
    enum Dir { DEFAULT, SRC, DST, OR, AND }

    /** Address-type qualifier; UNDEF marks a position where no qualifier may be inherited. */
    enum Addr { DEFAULT, HOST, NET, PORT, PORTRANGE, PROTO, UNDEF }

    /** The qualifiers in force for an identifier, repeated by the {@code host a or b} shorthand. */
    record Qual(Proto proto, Dir dir, Addr addr, String keyword) {
        /** After a primitive that has no qualifiers to repeat (libpcap's {@code qerr}). */
        static final Qual NONE = new Qual(Proto.DEFAULT, Dir.DEFAULT, Addr.UNDEF, null);
    }

    /** A boolean expression. */
    sealed interface Node permits And, Or, Not, Id, Abbrev, Relation, Broadcast, Multicast, Length, Vlan,
            Geneve, Direction {
    }

    record And(Node left, Node right) implements Node {
    }

    record Or(Node left, Node right) implements Node {
    }

    record Not(Node operand) implements Node {
    }

    /** How an identifier was written. */
    enum IdForm { NUM, NAME, HID, HID_MASK, HID_CIDR, HID6, HID6_CIDR, EID }

    /**
     * An address, port or protocol with its qualifiers.
     *
     * @param value  the token of the identifier
     * @param second the mask address or prefix length token for HID_MASK, HID_CIDR, HID6_CIDR, else null
     */
    record Id(Qual qual, IdForm form, Token value, Token second) implements Node {
    }

    /** A protocol name alone, such as {@code tcp} or {@code ip6}. */
    record Abbrev(Proto proto, int column) implements Node {
    }

    /**
     * {@code left op right}, op being JEQ, JGT or JGE from {@link Bpf}; {@code negate} turns them into
     * {@code !=}, {@code <=} and {@code <} as libpcap does.
     */
    record Relation(int op, boolean negate, Arith left, Arith right, int column) implements Node {
    }

    record Broadcast(Proto proto, int column) implements Node {
    }

    record Multicast(Proto proto, int column) implements Node {
    }

    /** {@code less N} (greater false) or {@code greater N}. */
    record Length(boolean greater, long value, int column) implements Node {
    }

    /** {@code vlan} or {@code vlan ID} (id -1 when absent). */
    record Vlan(long id, int column) implements Node {
    }

    /** {@code geneve} or {@code geneve VNI} (vni -1 when absent). */
    record Geneve(long vni, int column) implements Node {
    }

    /** {@code outbound} (true) or {@code inbound}: the packet's direction as the capture saw it. */
    record Direction(boolean outbound, int column) implements Node {
    }

    /** An arithmetic expression over packet data. */
    sealed interface Arith permits Num, PacketLength, Load, Binary, Negate {
    }

    record Num(long value) implements Arith {
    }

    record PacketLength() implements Arith {
    }

    /** {@code proto[index:size]}. */
    record Load(Proto proto, Arith index, long size, int column) implements Arith {
    }

    /** op is an ALU operation from {@link Bpf}. */
    record Binary(int op, Arith left, Arith right, int column) implements Arith {
    }

    record Negate(Arith operand) implements Arith {
    }
}
