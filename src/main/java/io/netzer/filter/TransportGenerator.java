package io.netzer.filter;

import io.netzer.filter.Ast.Dir;
import io.netzer.filter.Ast.Proto;
import io.netzer.filter.PacketAccess.Base;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code for protocols and ports (libpcap's gen_proto, gen_proto_abbrev, gen_port, gen_port6,
 * gen_portrange and gen_portrange6). As in libpcap, IPv4 port tests skip IP options and accept only the
 * first fragment, while IPv6 port tests look at the fixed header's next-header field only, without walking
 * extension headers.
 */
final class TransportGenerator {
    private static final int IPPROTO_FRAGMENT = 44;
    private static final Pattern NUMERIC_RANGE = Pattern.compile("\\s*([+-]?\\d+)-([+-]?\\d+)");

    private final PacketAccess access;

    TransportGenerator(PacketAccess access) {
        this.access = access;
    }

    /** Not a non-first fragment: the 13-bit fragment offset of the IPv4 header is zero. */
    Pred firstFragment() {
        return Pred.not(access.jump(Base.LINK_PAYLOAD, 6, 2, Bpf.JSET, 0x1fff));
    }

    /** gen_proto_abbrev: a protocol name alone. */
    Pred abbrev(Proto proto, int column) {
        return switch (proto) {
            case LINK -> throw new FilterSyntaxException(column, "link layer applied in wrong context");
            case IP -> access.linkType(PacketAccess.ETHERTYPE_IP);
            case IP6 -> access.linkType(PacketAccess.ETHERTYPE_IPV6);
            case ARP -> access.linkType(PacketAccess.ETHERTYPE_ARP);
            case RARP -> access.linkType(PacketAccess.ETHERTYPE_REVARP);
            case TCP -> protocol(AddressGenerator.IPPROTO_TCP, Proto.DEFAULT, Dir.DEFAULT, column);
            case UDP -> protocol(AddressGenerator.IPPROTO_UDP, Proto.DEFAULT, Dir.DEFAULT, column);
            case SCTP -> protocol(AddressGenerator.IPPROTO_SCTP, Proto.DEFAULT, Dir.DEFAULT, column);
            case ICMP -> protocol(1, Proto.IP, Dir.DEFAULT, column);
            case IGMP -> protocol(2, Proto.IP, Dir.DEFAULT, column);
            case IGRP -> protocol(9, Proto.IP, Dir.DEFAULT, column);
            case PIM -> protocol(103, Proto.DEFAULT, Dir.DEFAULT, column);
            case VRRP, CARP -> protocol(112, Proto.IP, Dir.DEFAULT, column);
            case ICMP6 -> protocol(58, Proto.IP6, Dir.DEFAULT, column);
            case AH -> protocol(51, Proto.DEFAULT, Dir.DEFAULT, column);
            case ESP -> protocol(50, Proto.DEFAULT, Dir.DEFAULT, column);
            case DEFAULT -> throw new IllegalStateException("no protocol");
        };
    }

    /** gen_proto: {@code ip proto N}, {@code ip6 proto N} (also behind one fragment header), {@code ether proto}. */
    Pred protocol(int value, Proto proto, Dir dir, int column) {
        if (dir != Dir.DEFAULT) {
            throw new FilterSyntaxException(column, "direction applied to 'proto'");
        }
        return switch (proto) {
            case DEFAULT -> Pred.or(protocol(value, Proto.IP, dir, column), protocol(value, Proto.IP6, dir, column));
            case LINK -> access.linkType(value);
            case IP -> Pred.and(access.linkType(PacketAccess.ETHERTYPE_IP),
                    access.cmp(Base.LINK_PAYLOAD, 9, 1, value));
            case IP6 -> Pred.and(access.linkType(PacketAccess.ETHERTYPE_IPV6),
                    Pred.or(access.cmp(Base.LINK_PAYLOAD, 6, 1, value),
                            Pred.and(access.cmp(Base.LINK_PAYLOAD, 6, 1, IPPROTO_FRAGMENT),
                                    access.cmp(Base.LINK_PAYLOAD, 40, 1, value))));
            case ARP, RARP -> throw new FilterSyntaxException(column, AddressGenerator.protoName(proto)
                    + " does not encapsulate another protocol");
            default -> throw new FilterSyntaxException(column, "'" + AddressGenerator.protoName(proto)
                    + " proto' is bogus");
        };
    }

    Pred port(int port, int ipProto, Dir dir) {
        return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IP),
                perProtocol(ipProto, p -> portOp(p, dir, port, port, false)));
    }

    Pred port6(int port, int ipProto, Dir dir) {
        return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IPV6),
                perProtocol(ipProto, p -> portOp(p, dir, port, port, true)));
    }

    Pred portRange(int low, int high, int ipProto, Dir dir) {
        return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IP),
                perProtocol(ipProto, p -> portOp(p, dir, Math.min(low, high), Math.max(low, high), false)));
    }

    Pred portRange6(int low, int high, int ipProto, Dir dir) {
        return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IPV6),
                perProtocol(ipProto, p -> portOp(p, dir, Math.min(low, high), Math.max(low, high), true)));
    }

    private static Pred perProtocol(int ipProto, IntFunction<Pred> body) {
        if (ipProto != AddressGenerator.PROTO_UNDEF) {
            return body.apply(ipProto);
        }
        return Pred.or(Pred.or(body.apply(AddressGenerator.IPPROTO_TCP), body.apply(AddressGenerator.IPPROTO_UDP)),
                body.apply(AddressGenerator.IPPROTO_SCTP));
    }

    private Pred portOp(int ipProto, Dir dir, int low, int high, boolean ipv6) {
        Pred protocol = ipv6 ? access.cmp(Base.LINK_PAYLOAD, 6, 1, ipProto)
                : Pred.and(access.cmp(Base.LINK_PAYLOAD, 9, 1, ipProto), firstFragment());
        Base base = ipv6 ? Base.TRANSPORT_IPV6 : Base.TRANSPORT_IPV4;
        Pred ports = AddressGenerator.directions(dir, offset -> low == high
                ? access.cmp(base, offset, 2, low)
                : Pred.and(access.jump(base, offset, 2, Bpf.JGE, low),
                        Pred.not(access.jump(base, offset, 2, Bpf.JGT, high))), 0, 2);
        return Pred.and(protocol, ports);
    }

    /** {@code port NAME} and {@code portrange A-B} with names or numbers, checked against the qualifier. */
    Pred namedPort(Ast.Qual q, String name, int column) {
        boolean range = q.addr() == Ast.Addr.PORTRANGE;
        String keyword = range ? "portrange" : "port";
        if (q.proto() != Proto.DEFAULT && q.proto() != Proto.TCP && q.proto() != Proto.UDP
                && q.proto() != Proto.SCTP) {
            throw new FilterSyntaxException(column, "illegal qualifier of '" + keyword + "'");
        }
        int low;
        int high;
        int real;
        Matcher numeric = NUMERIC_RANGE.matcher(name);
        if (range && numeric.lookingAt()) {
            low = Integer.parseInt(numeric.group(1));
            high = Integer.parseInt(numeric.group(2));
            real = AddressGenerator.PROTO_UNDEF;
        } else if (range) {
            int dash = name.indexOf('-');
            Names.Service first = dash < 0 ? null : Names.service(name.substring(0, dash));
            Names.Service second = dash < 0 ? null : Names.service(name.substring(dash + 1));
            if (first == null || second == null) {
                throw new FilterSyntaxException(column, "unknown port in range '" + name + "'");
            }
            low = first.port();
            high = second.port();
            real = realProtocol(first) == realProtocol(second) ? realProtocol(first) : AddressGenerator.PROTO_UNDEF;
        } else {
            Names.Service service = Names.service(name);
            if (service == null) {
                throw new FilterSyntaxException(column, "unknown port '" + name + "'");
            }
            low = service.port();
            high = low;
            real = realProtocol(service);
        }
        String what = range ? "port in range '" : "port '";
        int proto = switch (q.proto()) {
            case UDP -> check(real, AddressGenerator.IPPROTO_UDP, what + name, column);
            case TCP -> check(real, AddressGenerator.IPPROTO_TCP, what + name, column);
            case SCTP -> check(real, AddressGenerator.IPPROTO_SCTP, what + name, column);
            default -> real;
        };
        for (int port : new int[] {low, high}) {
            if (port < 0) {
                throw new FilterSyntaxException(column, "illegal port number " + port + " < 0");
            }
            if (port > 65535) {
                throw new FilterSyntaxException(column, "illegal port number " + port + " > 65535");
            }
        }
        return Pred.or(portRange6(low, high, proto, q.dir()), portRange(low, high, proto, q.dir()));
    }

    private static int realProtocol(Names.Service service) {
        if (service.tcp() && service.udp()) {
            return AddressGenerator.PROTO_UNDEF;
        }
        return service.tcp() ? AddressGenerator.IPPROTO_TCP : AddressGenerator.IPPROTO_UDP;
    }

    private static int check(int real, int wanted, String what, int column) {
        if (real != AddressGenerator.PROTO_UNDEF && real != wanted) {
            String actual = real == AddressGenerator.IPPROTO_TCP ? "tcp" : real == AddressGenerator.IPPROTO_UDP
                    ? "udp" : "sctp";
            throw new FilterSyntaxException(column, what + "' is " + actual);
        }
        return wanted;
    }
}
