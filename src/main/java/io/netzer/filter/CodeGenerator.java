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

    /** Statements to run before the predicate: zeroing the run-time offset when a live {@code vlan} used it. */
    List<Pred.Stmt> prologue() {
        if (!access.isVariable()) {
            return List.of();
        }
        return List.of(Pred.stmt(Bpf.LD | Bpf.IMM, 0), Pred.stmt(Bpf.ST, PacketAccess.VARIABLE_REGISTER));
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
                    return access.jump(Base.LINK_HEADER, 0, 1, Bpf.JSET, 1);
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
        if (options.vlanInMetadata() && vlanDepth == 0 && !access.isVariable()) {
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
