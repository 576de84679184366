package io.netzer.filter;

import io.netzer.filter.Ast.Node;
import io.netzer.filter.Ast.Proto;
import io.netzer.filter.PacketAccess.Base;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the syntax tree into a {@link Pred}, visiting it in source order so that {@code vlan} moves the
 * offsets of everything written after it, exactly as libpcap's parser-driven code generation does.
 */
final class CodeGenerator {
    private static final int MAX_VLAN_ID = 0x0fff;
    private static final int[] VLAN_TPIDS = {0x8100, 0x88a8, 0x9100};
    /** sll_pkttype of a frame this host sent. */
    private static final int PACKET_OUTGOING = 4;
    private static final int GENEVE_PORT = 6081;
    private static final long MAX_VNI = 0xffffff;
    /** Geneve's protocol type for an Ethernet frame (transparent Ethernet bridging). */
    private static final int ETHERTYPE_TEB = 0x6558;
    private static final int UDP_HEADER_LENGTH = 8;
    private static final int GENEVE_HEADER_LENGTH = 8;
    private static final int ETHERNET_TYPE_OFFSET = 12;
    private static final int ETHERNET_HEADER_LENGTH = 14;

    private final PacketAccess access;
    private final CompileOptions options;
    private final TransportGenerator transport;
    private final AddressGenerator addresses;
    private final ArithGenerator arith;
    private int vlanDepth;

    CodeGenerator(int linkType, CompileOptions options) {
        this.access = new PacketAccess(linkType);
        this.options = options;
        this.transport = new TransportGenerator(access);
        this.addresses = new AddressGenerator(access, transport);
        this.arith = new ArithGenerator(access, transport);
    }

    /**
     * Statements to run before the predicate: zeroing the run-time offset when a live {@code vlan} used it, and
     * the offsets {@code geneve} keeps, which a primitive on the other side of an {@code or} reads without
     * {@code geneve} having matched (the kernel refuses a program that may read a word never written; the
     * optimizer drops the zeroing where every path writes first).
     */
    List<Pred.Stmt> prologue() {
        List<Pred.Stmt> code = new ArrayList<>();
        for (int word = access.firstReserved(); word < PacketAccess.VARIABLE_REGISTER; word++) {
            code.add(Pred.stmt(Bpf.LD | Bpf.IMM, 0));
            code.add(Pred.stmt(Bpf.ST, word));
        }
        if (access.isVariable()) {
            code.add(Pred.stmt(Bpf.LD | Bpf.IMM, 0));
            code.add(Pred.stmt(Bpf.ST, PacketAccess.VARIABLE_REGISTER));
        }
        return code;
    }

    Pred generate(Node node) {
        return switch (node) {
            case Ast.And and -> {
                Pred left = generate(and.left());
                yield Pred.and(left, generate(and.right()));
            }
            case Ast.Or or -> {
                Pred left = generate(or.left());
                yield Pred.or(left, generate(or.right()));
            }
            case Ast.Not not -> Pred.not(generate(not.operand()));
            case Ast.Id id -> addresses.generate(id);
            case Ast.Abbrev abbrev -> transport.abbrev(abbrev.proto(), abbrev.column());
            case Ast.Relation relation -> arith.relation(relation);
            case Ast.Broadcast broadcast -> broadcast(broadcast.proto(), broadcast.column());
            case Ast.Multicast multicast -> multicast(multicast.proto(), multicast.column());
            case Ast.Length length -> {
                Pred.Atom test = new Pred.Atom(List.of(Pred.stmt(Bpf.LD | Bpf.W | Bpf.LEN, 0)),
                        Bpf.JMP | (length.greater() ? Bpf.JGE : Bpf.JGT) | Bpf.K, (int) length.value());
                yield length.greater() ? test : Pred.not(test);
            }
            case Ast.Vlan vlan -> vlan(vlan.id(), vlan.column());
            case Ast.Geneve geneve -> geneve(geneve.vni(), geneve.column());
            case Ast.Direction direction -> direction(direction.outbound(), direction.column());
        };
    }

    private Pred broadcast(Proto proto, int column) {
        switch (proto) {
            case DEFAULT, LINK -> {
                if (access.linkType != LinkTypes.ETHERNET) {
                    throw new FilterSyntaxException(column, "not a broadcast link");
                }
                byte[] all = {-1, -1, -1, -1, -1, -1};
                return addresses.etherHost(all, Ast.Dir.DST);
            }
            case IP -> {
                if (options.netmask() == 0) {
                    throw new FilterSyntaxException(column, "netmask not known, so 'ip broadcast' not supported");
                }
                int hostMask = ~options.netmask();
                return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IP),
                        Pred.or(access.masked(Base.LINK_PAYLOAD, 16, 4, 0, hostMask),
                                access.masked(Base.LINK_PAYLOAD, 16, 4, hostMask, hostMask)));
            }
            default -> throw new FilterSyntaxException(column, "only link-layer/IP broadcast filters supported");
        }
    }

    private Pred multicast(Proto proto, int column) {
        switch (proto) {
            case DEFAULT, LINK -> {
                if (access.linkType == LinkTypes.ETHERNET) {
                    return Pred.and(access.linkHeaderPresent(), access.jump(Base.LINK_HEADER, 0, 1, Bpf.JSET, 1));
                }
            }
            case IP -> {
                return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IP),
                        access.jump(Base.LINK_PAYLOAD, 16, 1, Bpf.JGE, 224));
            }
            case IP6 -> {
                return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IPV6),
                        access.cmp(Base.LINK_PAYLOAD, 24, 1, 255));
            }
            default -> {
            }
        }
        throw new FilterSyntaxException(column, "link-layer multicast filters supported only on "
                + "ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel");
    }

    /**
     * libpcap's gen_inbound on Linux: the cooked headers carry the packet type (sll_pkttype at 0 in SLL, at 10
     * in SLL2); any other link type has it only in the socket's metadata, which a live socket's filter reads
     * with an ancillary load and a file does not keep, so there it is refused with libpcap's message.
     */
    private Pred direction(boolean outbound, int column) {
        Pred sent = switch (access.linkType) {
            case LinkTypes.LINUX_SLL -> access.cmp(Base.LINK_HEADER, 0, 2, PACKET_OUTGOING);
            case LinkTypes.LINUX_SLL2 -> access.cmp(Base.LINK_HEADER, 10, 1, PACKET_OUTGOING);
            default -> {
                if (!options.vlanInMetadata()) {
                    throw new FilterSyntaxException(column, "inbound/outbound not supported on "
                            + LinkTypes.description(access.linkType) + " when reading savefiles");
                }
                yield access.cmp(Base.LINK_HEADER, Bpf.SKF_AD_OFF + Bpf.SKF_AD_PKTTYPE, 2, PACKET_OUTGOING);
            }
        };
        return outbound ? sent : Pred.not(sent);
    }

    /**
     * libpcap's gen_vlan. On a live socket the outermost tag was stripped into metadata unless the driver
     * left it in the packet, so the first {@code vlan} tests both and records at run time whether later
     * offsets move; in files, and for inner tags, the tag is in the packet and offsets move by four.
     */
    private Pred vlan(long id, int column) {
        if (id > MAX_VLAN_ID) {
            throw new FilterSyntaxException(column, "VLAN tag " + id + " greater than maximum " + MAX_VLAN_ID);
        }
        if (access.linkType != LinkTypes.ETHERNET) {
            throw new FilterSyntaxException(column, "no VLAN support for "
                    + LinkTypes.description(access.linkType));
        }
        Pred result;
        if (options.vlanInMetadata() && vlanDepth == 0 && !access.isVariable() && !access.isTunnelled()) {
            result = vlanFromMetadata(id);
        } else {
            result = tagInPacket(List.of());
            if (id >= 0) {
                result = Pred.and(result, access.masked(Base.LINK_TYPE, 2, 2, (int) id, MAX_VLAN_ID));
            }
            access.shift(4);
        }
        vlanDepth++;
        return result;
    }

    /**
     * libpcap's gen_geneve: UDP to port 6081 over IPv4 (not a later fragment) or IPv6 (no extension header)
     * carrying Geneve version 0, with VNI {@code vni} unless it is -1. Every primitive after it looks at the
     * packet inside, as libpcap's does: the program keeps, in three scratch words, where the Geneve header ends
     * (the inner link header) and where the inner EtherType and network header are, behind the inner Ethernet
     * header when the protocol type is 0x6558, else at Geneve's own protocol type and right after its options.
     */
    private Pred geneve(long vni, int column) {
        if (vni > MAX_VNI) {
            throw new FilterSyntaxException(column, "Geneve VNI " + vni + " greater than maximum " + MAX_VNI);
        }
        List<Pred.Stmt> ipv4Start = new ArrayList<>(access.loadIpHeaderLengthIntoX());
        ipv4Start.add(Pred.stmt(Bpf.MISC | Bpf.TXA, 0));
        ipv4Start.add(Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.K, access.payloadOffset() + UDP_HEADER_LENGTH));
        List<Pred.Stmt> ipv6Start = new ArrayList<>(access.variablePartIntoX());
        int ipv6Header = access.payloadOffset() + 40 + UDP_HEADER_LENGTH;
        if (ipv6Start.isEmpty()) {
            ipv6Start.add(Pred.stmt(Bpf.LD | Bpf.IMM, ipv6Header));
        } else {
            ipv6Start.add(Pred.stmt(Bpf.MISC | Bpf.TXA, 0));
            ipv6Start.add(Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.K, ipv6Header));
        }
        Pred ipv4 = Pred.and(Pred.and(transport.port(GENEVE_PORT, AddressGenerator.IPPROTO_UDP, Ast.Dir.DST),
                genevePrefix(Base.TRANSPORT_IPV4, vni)), new Pred.Effect(ipv4Start));
        Pred ipv6 = Pred.and(Pred.and(transport.port6(GENEVE_PORT, AddressGenerator.IPPROTO_UDP, Ast.Dir.DST),
                genevePrefix(Base.TRANSPORT_IPV6, vni)), new Pred.Effect(ipv6Start));
        int header = access.reserveTunnelRegisters(column);
        int linkType = header + 1;
        int payload = header + 2;
        // A holds where the Geneve header starts; X keeps it while the options length is read.
        Pred.Atom isEthernet = new Pred.Atom(List.of(
                Pred.stmt(Bpf.MISC | Bpf.TAX, 0),
                Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 2),
                Pred.stmt(Bpf.ST, linkType),
                Pred.stmt(Bpf.LD | Bpf.B | Bpf.IND, 0),
                Pred.stmt(Bpf.ALU | Bpf.AND | Bpf.K, 0x3f),
                Pred.stmt(Bpf.ALU | Bpf.MUL | Bpf.K, 4),
                Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.K, GENEVE_HEADER_LENGTH),
                Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.X, 0),
                Pred.stmt(Bpf.ST, header),
                Pred.stmt(Bpf.LD | Bpf.H | Bpf.IND, 2)), Bpf.JMP | Bpf.JEQ | Bpf.K, ETHERTYPE_TEB);
        Pred ethernet = new Pred.Effect(List.of(
                Pred.stmt(Bpf.LD | Bpf.MEM, header),
                Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.K, ETHERNET_TYPE_OFFSET),
                Pred.stmt(Bpf.ST, linkType),
                Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.K, ETHERNET_HEADER_LENGTH - ETHERNET_TYPE_OFFSET),
                Pred.stmt(Bpf.ST, payload)));
        Pred bare = new Pred.Effect(List.of(Pred.stmt(Bpf.LD | Bpf.MEM, header), Pred.stmt(Bpf.ST, payload)));
        access.enterTunnel(header);
        return Pred.and(Pred.or(ipv4, ipv6), Pred.or(Pred.and(isEthernet, ethernet), bare));
    }

    /**
     * Geneve version 0 (the top two bits of its first byte), and the VNI unless {@code vni} is -1. The version
     * is read with the word it starts: libpcap, which does not optimize a program with {@code geneve}, always
     * loads the protocol type (bytes 2 and 3) after it, so a packet cut before them is rejected, and the
     * optimizer here would drop that load when nothing reads the offsets it gives.
     */
    private Pred genevePrefix(Base base, long vni) {
        Pred version = access.masked(base, UDP_HEADER_LENGTH, 4, 0, 0xc0000000);
        if (vni < 0) {
            return version;
        }
        return Pred.and(version, access.masked(base, UDP_HEADER_LENGTH + 4, 4, (int) (vni << 8), 0xffffff00));
    }

    private Pred vlanFromMetadata(long id) {
        Pred.Atom present = new Pred.Atom(
                List.of(Pred.stmt(Bpf.LD | Bpf.B | Bpf.ABS, Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG_PRESENT)),
                Bpf.JMP | Bpf.JEQ | Bpf.K, 1);
        Pred inPacket = tagInPacket(List.of(Pred.stmt(Bpf.LD | Bpf.IMM, 4),
                Pred.stmt(Bpf.ST, PacketAccess.VARIABLE_REGISTER)));
        Pred result = Pred.or(present, inPacket);
        if (id >= 0) {
            Pred fromMetadata = new Pred.Atom(List.of(
                    Pred.stmt(Bpf.LD | Bpf.B | Bpf.ABS, Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG),
                    Pred.stmt(Bpf.ALU | Bpf.AND | Bpf.K, MAX_VLAN_ID)), Bpf.JMP | Bpf.JEQ | Bpf.K, (int) id);
            Pred fromPacket = access.masked(Base.LINK_TYPE, 2, 2, (int) id, MAX_VLAN_ID);
            result = Pred.and(result, Pred.or(Pred.and(present, fromMetadata),
                    Pred.and(Pred.not(present), fromPacket)));
        }
        access.makeVariable();
        return result;
    }

    /** The TPID test; {@code before} runs ahead of the first comparison (the live in-packet shift). */
    private Pred tagInPacket(List<Pred.Stmt> before) {
        Pred result = null;
        for (int tpid : VLAN_TPIDS) {
            Pred.Atom test = (Pred.Atom) access.cmp(Base.LINK_TYPE, 0, 2, tpid);
            if (result == null && !before.isEmpty()) {
                List<Pred.Stmt> code = new ArrayList<>(before);
                code.addAll(test.stmts());
                test = new Pred.Atom(code, test.jumpCode(), test.k());
            }
            result = result == null ? test : Pred.or(result, test);
        }
        return result;
    }
}
