package io.netzer.filter;

import io.netzer.filter.Ast.Addr;
import io.netzer.filter.Ast.Dir;
import io.netzer.filter.Ast.Id;
import io.netzer.filter.Ast.Proto;
import io.netzer.filter.PacketAccess.Base;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Code for identifiers after qualifiers: hosts, networks, ports, port ranges, protocols and Ethernet
 * addresses (libpcap's gen_ncode, gen_scode, gen_mcode, gen_mcode6 and gen_ecode, with their messages).
 */
final class AddressGenerator {
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_SCTP = 132;
    /** pcap_nametoport's PROTO_UNDEF: the port name exists for both TCP and UDP, so match all three. */
    static final int PROTO_UNDEF = -1;

    private final PacketAccess access;
    private final TransportGenerator transport;

    AddressGenerator(PacketAccess access, TransportGenerator transport) {
        this.access = access;
        this.transport = transport;
    }

    Pred generate(Id id) {
        int column = id.value().column();
        String text = id.value().text();
        Ast.Qual q = id.qual();
        return switch (id.form()) {
            case NUM -> number(q, id.value().number(), column);
            case NAME -> name(q, text, column);
            case HID -> {
                if (q.addr() == Addr.PORT || q.addr() == Addr.PORTRANGE || q.addr() == Addr.PROTO) {
                    throw new FilterSyntaxException(column, "'" + q.keyword() + "' modifier applied to IP address");
                }
                yield dottedNumber(q, text, column);
            }
            case HID_CIDR -> network(q, text, null, id.second().number(), column);
            case HID_MASK -> network(q, text, id.second().text(), 0, column);
            case HID6 -> network6(q, text, 128, column);
            case HID6_CIDR -> network6(q, text, id.second().number(), column);
            case EID -> ether(q, Addresses.parseMac(text), column);
        };
    }

    private Pred number(Ast.Qual q, long value, int column) {
        return switch (q.addr()) {
            case DEFAULT, HOST, NET -> {
                if (q.proto() == Proto.LINK) {
                    throw new FilterSyntaxException(column, "illegal link layer address");
                }
                long v = value;
                long mask = 0xffffffffL;
                if (q.addr() == Addr.NET) {
                    while (v != 0 && (v & 0xff000000L) == 0) {
                        v = (v << 8) & 0xffffffffL;
                        mask = (mask << 8) & 0xffffffffL;
                    }
                }
                yield host(v, mask, q, column);
            }
            case PORT -> {
                int proto = portProtocol(q, "port", column);
                checkPort(value, column);
                yield Pred.or(transport.port6((int) value, proto, q.dir()),
                        transport.port((int) value, proto, q.dir()));
            }
            case PORTRANGE -> {
                int proto = portProtocol(q, "portrange", column);
                checkPort(value, column);
                yield Pred.or(transport.portRange6((int) value, (int) value, proto, q.dir()),
                        transport.portRange((int) value, (int) value, proto, q.dir()));
            }
            case PROTO -> transport.protocol((int) value, q.proto(), q.dir(), column);
            case UNDEF -> throw noQualifier(column);
        };
    }

    private Pred dottedNumber(Ast.Qual q, String text, int column) {
        long[] parsed = Addresses.parseIpv4(text);
        if (parsed == null) {
            throw new FilterSyntaxException(column, "invalid IPv4 address '" + text + "'");
        }
        if (q.addr() == Addr.UNDEF) {
            throw noQualifier(column);
        }
        if (q.proto() == Proto.LINK) {
            throw new FilterSyntaxException(column, "illegal link layer address");
        }
        int shift = (int) (32 - parsed[1]);
        return host((parsed[0] << shift) & 0xffffffffL, (0xffffffffL << shift) & 0xffffffffL, q, column);
    }

    private Pred name(Ast.Qual q, String name, int column) {
        switch (q.addr()) {
            case NET -> {
                long net = Names.network(name);
                if (net <= 0) {
                    throw new FilterSyntaxException(column, "unknown network '" + name + "'");
                }
                long mask = 0xffffffffL;
                while (net != 0 && (net & 0xff000000L) == 0) {
                    net <<= 8;
                    mask = (mask << 8) & 0xffffffffL;
                }
                return host(net, mask, q, column);
            }
            case DEFAULT, HOST -> {
                return q.proto() == Proto.LINK ? etherName(q, name, column) : hostName(q, name, column);
            }
            case PORT, PORTRANGE -> {
                return transport.namedPort(q, name, column);
            }
            case PROTO -> {
                return transport.protocol(protocolNumber(q.proto(), name, column), q.proto(), q.dir(), column);
            }
            default -> throw noQualifier(column);
        }
    }

    private Pred hostName(Ast.Qual q, String name, int column) {
        Proto v4 = q.proto();
        Proto v6 = q.proto();
        if (access.linkType(PacketAccess.ETHERTYPE_ARP) == Pred.FALSE && v4 == Proto.DEFAULT) {
            v4 = Proto.IP;
            v6 = Proto.IP6;
        }
        Pred result = null;
        for (InetAddress address : Names.hostAddresses(name)) {
            Pred test;
            if (address instanceof Inet4Address && v4 != Proto.IP6) {
                byte[] b = address.getAddress();
                long value = ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                test = host(value, 0xffffffffL, new Ast.Qual(v4, q.dir(), q.addr(), q.keyword()), column);
            } else if (address instanceof Inet6Address && v6 != Proto.IP) {
                test = host6(address.getAddress(), mask6(128), new Ast.Qual(v6, q.dir(), q.addr(), q.keyword()),
                        column);
            } else {
                continue;
            }
            result = result == null ? test : Pred.or(result, test);
        }
        if (result == null) {
            throw new FilterSyntaxException(column, "unknown host '" + name + "'"
                    + (q.proto() == Proto.DEFAULT ? "" : " for specified address family"));
        }
        return result;
    }

    private Pred etherName(Ast.Qual q, String name, int column) {
        if (access.linkType != LinkTypes.ETHERNET) {
            throw new FilterSyntaxException(column, "only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel "
                    + "supports link-level host name");
        }
        byte[] mac = Names.etherHost(name);
        if (mac == null) {
            throw new FilterSyntaxException(column, "unknown ether host '" + name + "'");
        }
        return etherHost(mac, q.dir());
    }

    private Pred ether(Ast.Qual q, byte[] mac, int column) {
        if ((q.addr() == Addr.HOST || q.addr() == Addr.DEFAULT) && q.proto() == Proto.LINK) {
            if (access.linkType != LinkTypes.ETHERNET) {
                throw new FilterSyntaxException(column, "ethernet addresses supported only on "
                        + "ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel");
            }
            return etherHost(mac, q.dir());
        }
        throw new FilterSyntaxException(column, "ethernet address used in non-ether expression");
    }

    /** Ethernet source at bytes 6..11, destination at 0..5 of the link header (when there is one). */
    Pred etherHost(byte[] mac, Dir dir) {
        return Pred.and(access.linkHeaderPresent(),
                directions(dir, offset -> access.bytes(Base.LINK_HEADER, offset, mac), 6, 0));
    }

    private Pred network(Ast.Qual q, String text, String maskText, long prefix, int column) {
        long[] parsed = Addresses.parseIpv4(text);
        if (parsed == null) {
            throw new FilterSyntaxException(column, "invalid IPv4 address '" + text + "'");
        }
        long net = (parsed[0] << (32 - parsed[1])) & 0xffffffffL;
        long mask;
        if (maskText != null) {
            long[] m = Addresses.parseIpv4(maskText);
            if (m == null) {
                throw new FilterSyntaxException(column, "invalid IPv4 address '" + maskText + "'");
            }
            mask = (m[0] << (32 - m[1])) & 0xffffffffL;
            if ((net & ~mask) != 0) {
                throw new FilterSyntaxException(column, "non-network bits set in \"" + text + " mask " + maskText
                        + "\"");
            }
        } else {
            if (prefix > 32) {
                throw new FilterSyntaxException(column, "mask length must be <= 32");
            }
            mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            if ((net & ~mask) != 0) {
                throw new FilterSyntaxException(column, "non-network bits set in \"" + text + "/" + prefix + "\"");
            }
        }
        if (q.addr() != Addr.NET) {
            throw new FilterSyntaxException(column, "Mask syntax for networks only");
        }
        return host(net, mask, q, column);
    }

    private Pred network6(Ast.Qual q, String text, long prefix, int column) {
        byte[] address = Addresses.parseIpv6(text);
        if (address == null) {
            throw new FilterSyntaxException(column, "invalid ip6 address " + text);
        }
        if (prefix > 128) {
            throw new FilterSyntaxException(column, "mask length must be <= 128");
        }
        byte[] mask = mask6((int) prefix);
        for (int i = 0; i < 16; i++) {
            if ((address[i] & ~mask[i]) != 0) {
                throw new FilterSyntaxException(column, "non-network bits set in \"" + text + "/" + prefix + "\"");
            }
        }
        switch (q.addr()) {
            case DEFAULT, HOST -> {
                if (prefix != 128) {
                    throw new FilterSyntaxException(column, "Mask syntax for networks only");
                }
            }
            case NET -> {
            }
            default -> throw new FilterSyntaxException(column, "invalid qualifier against IPv6 address");
        }
        return host6(address, mask, q, column);
    }

    private static byte[] mask6(int prefix) {
        byte[] mask = new byte[16];
        for (int i = 0; i < 16; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            mask[i] = (byte) (0xff00 >> bits);
        }
        return mask;
    }

    /** gen_host: an IPv4 address or network in IP, ARP or RARP packets. */
    private Pred host(long address, long mask, Ast.Qual q, int column) {
        String type = q.addr() == Addr.NET ? "net" : "host";
        int a = (int) address;
        int m = (int) mask;
        return switch (q.proto()) {
            case DEFAULT -> Pred.or(Pred.or(hostOp(a, m, q.dir(), PacketAccess.ETHERTYPE_IP, 12, 16),
                    hostOp(a, m, q.dir(), PacketAccess.ETHERTYPE_ARP, 14, 24)),
                    hostOp(a, m, q.dir(), PacketAccess.ETHERTYPE_REVARP, 14, 24));
            case IP -> hostOp(a, m, q.dir(), PacketAccess.ETHERTYPE_IP, 12, 16);
            case ARP -> hostOp(a, m, q.dir(), PacketAccess.ETHERTYPE_ARP, 14, 24);
            case RARP -> hostOp(a, m, q.dir(), PacketAccess.ETHERTYPE_REVARP, 14, 24);
            case LINK -> throw new FilterSyntaxException(column, "link-layer modifier applied to " + type);
            case IP6 -> throw new FilterSyntaxException(column, "'ip6' modifier applied to ip " + type);
            default -> throw new FilterSyntaxException(column, "'" + protoName(q.proto()) + "' modifier applied to "
                    + type);
        };
    }

    private Pred hostOp(int address, int mask, Dir dir, int etherType, int srcOffset, int dstOffset) {
        return directions(dir, offset -> Pred.and(access.linkType(etherType),
                access.masked(Base.LINK_PAYLOAD, offset, 4, address, mask)), srcOffset, dstOffset);
    }

    /** gen_host6: the four words of the address are compared first to last; all-zero mask words are skipped. */
    private Pred host6(byte[] address, byte[] mask, Ast.Qual q, int column) {
        String type = q.addr() == Addr.NET ? "net" : "host";
        return switch (q.proto()) {
            case DEFAULT, IP6 -> directions(q.dir(), offset -> {
                Pred words = null;
                for (int w = 3; w >= 0; w--) {
                    int m = word(mask, w);
                    if (m != 0) {
                        Pred test = access.masked(Base.LINK_PAYLOAD, offset + 4 * w, 4, word(address, w), m);
                        words = words == null ? test : Pred.and(test, words);
                    }
                }
                Pred family = access.linkType(PacketAccess.ETHERTYPE_IPV6);
                return words == null ? family : Pred.and(family, words);
            }, 8, 24);
            case LINK -> throw new FilterSyntaxException(column, "link-layer modifier applied to ip6 " + type);
            default -> throw new FilterSyntaxException(column, "'" + protoName(q.proto()) + "' modifier applied to ip6 "
                    + type);
        };
    }

    private static int word(byte[] bytes, int index) {
        int i = 4 * index;
        return ((bytes[i] & 0xff) << 24) | ((bytes[i + 1] & 0xff) << 16) | ((bytes[i + 2] & 0xff) << 8)
                | (bytes[i + 3] & 0xff);
    }

    /** Source test, destination test, or both joined as the direction qualifier says. */
    static Pred directions(Dir dir, IntFunction<Pred> test, int srcOffset, int dstOffset) {
        return switch (dir) {
            case SRC -> test.apply(srcOffset);
            case DST -> test.apply(dstOffset);
            case AND -> Pred.and(test.apply(srcOffset), test.apply(dstOffset));
            case DEFAULT, OR -> Pred.or(test.apply(srcOffset), test.apply(dstOffset));
        };
    }

    private int portProtocol(Ast.Qual q, String keyword, int column) {
        return switch (q.proto()) {
            case TCP -> IPPROTO_TCP;
            case UDP -> IPPROTO_UDP;
            case SCTP -> IPPROTO_SCTP;
            case DEFAULT -> PROTO_UNDEF;
            default -> throw new FilterSyntaxException(column, "illegal qualifier of '" + keyword + "'");
        };
    }

    private static void checkPort(long value, int column) {
        if (value > 65535) {
            throw new FilterSyntaxException(column, "illegal port number " + value + " > 65535");
        }
    }

    private static int protocolNumber(Proto proto, String name, int column) {
        int value;
        switch (proto) {
            case DEFAULT, IP, IP6 -> {
                value = Names.ipProtocol(name);
                if (value < 0) {
                    throw new FilterSyntaxException(column, "unknown ip proto '" + name + "'");
                }
            }
            case LINK -> {
                value = Names.etherProtocol(name);
                if (value < 0) {
                    throw new FilterSyntaxException(column, "unknown ether proto '" + name + "'");
                }
            }
            default -> throw new FilterSyntaxException(column, "unknown protocol: " + name);
        }
        return value;
    }

    private static FilterSyntaxException noQualifier(int column) {
        return new FilterSyntaxException(column, "expected a qualifier such as 'host', 'net' or 'port' before "
                + "this identifier");
    }

    static String protoName(Proto proto) {
        return switch (proto) {
            case LINK -> "ether";
            case IP6 -> "ip6";
            case ICMP6 -> "icmp6";
            default -> proto.name().toLowerCase(Locale.ROOT);
        };
    }
}
