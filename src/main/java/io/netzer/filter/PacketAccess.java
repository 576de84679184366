package io.netzer.filter;

import io.netzer.filter.Pred.Atom;
import io.netzer.filter.Pred.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the headers are for one link type, and the loads and link-type tests that follow from it (libpcap's
 * {@code off_linktype}, {@code off_linkpl}, {@code gen_load_a}, {@code gen_linktype}).
 *
 * <p>Offsets are mutable on purpose: libpcap's {@code vlan} moves every later test four bytes further, and
 * NetZer keeps that documented meaning. On a live socket the first tag may be in metadata or in the packet,
 * so the shift is only known at run time; it is then kept in scratch word {@link #VARIABLE_REGISTER} and
 * loads become indexed. After {@code geneve} the link header, link type and payload of the packet inside the
 * tunnel lie at offsets found at run time, each kept in a scratch word of its own (libpcap's
 * {@code off_linkhdr}, {@code off_linktype} and {@code off_linkpl} registers), and the link type becomes Ethernet.
 */
final class PacketAccess {
    /** Scratch word holding the run-time part of the offsets after a live {@code vlan}. */
    static final int VARIABLE_REGISTER = Bpf.MEMWORDS - 1;

    static final int ETHERTYPE_IP = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_REVARP = 0x8035;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ETHERMTU = 1500;

    private static final int ETHERTYPE_ATALK = 0x809b;
    private static final int ETHERTYPE_AARP = 0x80f3;
    private static final int ETHERTYPE_IPX = 0x8137;
    private static final int LLCSAP_IP = 0x06;
    private static final int LLCSAP_IPX = 0xe0;
    private static final int LLCSAP_NETBEUI = 0xf0;
    private static final int LLCSAP_ISONS = 0xfe;
    private static final int LINUX_SLL_P_802_3 = 0x0001;
    private static final int LINUX_SLL_P_802_2 = 0x0004;

    /** Which header an offset is relative to. */
    enum Base { LINK_HEADER, LINK_TYPE, LINK_PAYLOAD, TRANSPORT_IPV4, TRANSPORT_IPV6 }

    /** Scratch words below this one are free for arithmetic; those from it up hold offsets. */
    private int firstReserved = VARIABLE_REGISTER;
    int linkType;
    private int linkTypeOffset;
    private int payloadOffset;
    private boolean variable;
    private boolean tunnelled;
    private int headerRegister = -1;
    private int linkTypeRegister = -1;
    private int payloadRegister = -1;

    PacketAccess(int linkType) {
        this.linkType = linkType;
        switch (linkType) {
            case LinkTypes.ETHERNET -> {
                linkTypeOffset = 12;
                payloadOffset = 14;
            }
            case LinkTypes.LINUX_SLL -> {
                linkTypeOffset = 14;
                payloadOffset = 16;
            }
            case LinkTypes.LINUX_SLL2 -> {
                linkTypeOffset = 0;
                payloadOffset = 20;
            }
            case LinkTypes.NULL -> {
                linkTypeOffset = 0;
                payloadOffset = 4;
            }
            case LinkTypes.RAW, LinkTypes.RAW_BSD, LinkTypes.RAW_OPENBSD, LinkTypes.IPV4, LinkTypes.IPV6 -> {
                linkTypeOffset = -1;
                payloadOffset = 0;
            }
            case LinkTypes.PPP, LinkTypes.PPP_SERIAL, LinkTypes.C_HDLC -> {
                // libpcap assumes the HDLC framing (or Cisco HDLC's address and control) before the protocol.
                linkTypeOffset = 2;
                payloadOffset = 4;
            }
            default -> throw new IllegalArgumentException("link type " + linkType
                    + " is not supported by the filter compiler (expected 0, 1, 9, 12, 14, 50, 101, 104, 113, "
                    + "228, 229 or 276)");
        }
    }

    boolean isVariable() {
        return variable;
    }

    /** Moves the link-type and payload offsets past one VLAN tag. */
    void shift(int bytes) {
        linkTypeOffset += bytes;
        payloadOffset += bytes;
    }

    /** From now on offsets also add the run-time part kept in {@link #VARIABLE_REGISTER}. */
    void makeVariable() {
        variable = true;
        linkTypeRegister = VARIABLE_REGISTER;
        payloadRegister = VARIABLE_REGISTER;
    }

    /** Whether the headers are those of a packet inside a tunnel ({@code geneve} came before). */
    boolean isTunnelled() {
        return tunnelled;
    }

    /**
     * Takes three scratch words for the offsets of a tunnelled packet's headers, below those already taken.
     *
     * @return the first of them: link header, then link type, then payload
     * @throws FilterSyntaxException at {@code column} when arithmetic would have no word left
     */
    int reserveTunnelRegisters(int column) {
        if (firstReserved - 3 < 0) {
            throw new FilterSyntaxException(column, "too many registers needed to evaluate expression");
        }
        firstReserved -= 3;
        return firstReserved;
    }

    /** The first scratch word that holds an offset; arithmetic uses those below. */
    int firstReserved() {
        return firstReserved;
    }

    /**
     * From now on the headers are those of the packet inside a tunnel, whose offsets the program keeps in
     * {@code registers} (link header), {@code registers + 1} (link type) and {@code registers + 2} (payload); the
     * link type is Ethernet, as libpcap assumes after {@code geneve}.
     */
    void enterTunnel(int registers) {
        tunnelled = true;
        linkType = LinkTypes.ETHERNET;
        headerRegister = registers;
        linkTypeRegister = registers + 1;
        payloadRegister = registers + 2;
        linkTypeOffset = 0;
        payloadOffset = 0;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    /** Statements leaving in A the {@code size}-byte big-endian value at {@code offset} from {@code base}. */
    List<Stmt> load(Base base, int offset, int size) {
        int sizeField = switch (size) {
            case 4 -> Bpf.W;
            case 2 -> Bpf.H;
            default -> Bpf.B;
        };
        List<Stmt> code = new ArrayList<>(4);
        switch (base) {
            case LINK_HEADER -> relative(code, headerRegister, offset, sizeField);
            case LINK_TYPE -> relative(code, linkTypeRegister, linkTypeOffset + offset, sizeField);
            case LINK_PAYLOAD -> relative(code, payloadRegister, payloadOffset + offset, sizeField);
            case TRANSPORT_IPV6 -> relative(code, payloadRegister, payloadOffset + 40 + offset, sizeField);
            case TRANSPORT_IPV4 -> {
                code.addAll(loadIpHeaderLengthIntoX());
                code.add(Pred.stmt(Bpf.LD | sizeField | Bpf.IND, payloadOffset + offset));
            }
        }
        return code;
    }

    /** A load at {@code offset}, plus the run-time part in scratch word {@code register} unless it is -1. */
    private static void relative(List<Stmt> code, int register, int offset, int sizeField) {
        if (register >= 0) {
            code.add(Pred.stmt(Bpf.LDX | Bpf.MEM, register));
            code.add(Pred.stmt(Bpf.LD | sizeField | Bpf.IND, offset));
        } else {
            code.add(Pred.stmt(Bpf.LD | sizeField | Bpf.ABS, offset));
        }
    }

    /** X = (run-time offset part +) IPv4 header length, so that [x + payload + n] is transport byte n. */
    List<Stmt> loadIpHeaderLengthIntoX() {
        if (payloadRegister < 0) {
            return List.of(Pred.stmt(Bpf.LDX | Bpf.B | Bpf.MSH, payloadOffset));
        }
        return List.of(Pred.stmt(Bpf.LDX | Bpf.MEM, payloadRegister),
                Pred.stmt(Bpf.LD | Bpf.B | Bpf.IND, payloadOffset),
                Pred.stmt(Bpf.ALU | Bpf.AND | Bpf.K, 0xf),
                Pred.stmt(Bpf.ALU | Bpf.LSH | Bpf.K, 2),
                Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.X, 0),
                Pred.stmt(Bpf.MISC | Bpf.TAX, 0));
    }

    /** Statements leaving in X the run-time offset part, or none when offsets are constant. */
    List<Stmt> variablePartIntoX() {
        return payloadRegister >= 0 ? List.of(Pred.stmt(Bpf.LDX | Bpf.MEM, payloadRegister)) : List.of();
    }

    /**
     * libpcap's gen_prevlinkhdr_check: after {@code geneve}, a test on the inner Ethernet header first checks
     * that there is one (Geneve may carry bare IP: its link header and payload offsets are then the same).
     */
    Pred linkHeaderPresent() {
        if (!tunnelled) {
            return Pred.TRUE;
        }
        return Pred.not(new Atom(List.of(Pred.stmt(Bpf.LD | Bpf.MEM, headerRegister),
                Pred.stmt(Bpf.LDX | Bpf.MEM, payloadRegister)), Bpf.JMP | Bpf.JEQ | Bpf.X, 0));
    }

    /** Statements leaving in X the run-time offset of the link header, or none when it is at 0. */
    List<Stmt> headerIntoX() {
        return headerRegister >= 0 ? List.of(Pred.stmt(Bpf.LDX | Bpf.MEM, headerRegister)) : List.of();
    }

    Pred cmp(Base base, int offset, int size, int value) {
        return new Atom(load(base, offset, size), Bpf.JMP | Bpf.JEQ | Bpf.K, value);
    }

    Pred masked(Base base, int offset, int size, int value, int mask) {
        List<Stmt> code = new ArrayList<>(load(base, offset, size));
        if (mask != -1) {
            code.add(Pred.stmt(Bpf.ALU | Bpf.AND | Bpf.K, mask));
        }
        return new Atom(code, Bpf.JMP | Bpf.JEQ | Bpf.K, value);
    }

    Pred jump(Base base, int offset, int size, int op, int value) {
        return new Atom(load(base, offset, size), Bpf.JMP | op | Bpf.K, value);
    }

    /** Compares bytes at {@code offset} with {@code bytes}, four, then two, then one at a time from the end. */
    Pred bytes(Base base, int offset, byte[] bytes) {
        Pred result = null;
        int size = bytes.length;
        while (size > 0) {
            int chunk = size >= 4 ? 4 : size >= 2 ? 2 : 1;
            int value = 0;
            for (int i = size - chunk; i < size; i++) {
                value = (value << 8) | (bytes[i] & 0xff);
            }
            Pred test = cmp(base, offset + size - chunk, chunk, value);
            result = result == null ? test : Pred.and(result, test);
            size -= chunk;
        }
        return result;
    }

    /** libpcap's gen_linktype: is the link-layer payload of protocol {@code llProto}? */
    Pred linkType(int llProto) {
        return switch (linkType) {
            case LinkTypes.ETHERNET -> ethernetType(llProto);
            case LinkTypes.LINUX_SLL, LinkTypes.LINUX_SLL2 -> cookedType(llProto);
            case LinkTypes.NULL -> loopbackType(llProto);
            case LinkTypes.PPP, LinkTypes.PPP_SERIAL -> cmp(Base.LINK_TYPE, 0, 2, pppType(llProto));
            case LinkTypes.C_HDLC -> cmp(Base.LINK_TYPE, 0, 2, llProto);
            case LinkTypes.IPV4 -> llProto == ETHERTYPE_IP ? Pred.TRUE : Pred.FALSE;
            case LinkTypes.IPV6 -> llProto == ETHERTYPE_IPV6 ? Pred.TRUE : Pred.FALSE;
            default -> switch (llProto) {
                case ETHERTYPE_IP -> masked(Base.LINK_HEADER, 0, 1, 0x40, 0xf0);
                case ETHERTYPE_IPV6 -> masked(Base.LINK_HEADER, 0, 1, 0x60, 0xf0);
                default -> Pred.FALSE;
            };
        };
    }

    /** libpcap's ethertype_to_ppptype: the PPP protocol number of an EtherType (or LLC SAP) it knows. */
    private static int pppType(int llProto) {
        return switch (llProto) {
            case ETHERTYPE_IP -> 0x0021;
            case ETHERTYPE_IPV6 -> 0x0057;
            case 0x6003 -> 0x0027;         // DECnet
            case ETHERTYPE_ATALK -> 0x0029;
            case 0x0600 -> 0x0025;         // Xerox NS IDP
            case LLCSAP_ISONS -> 0x0023;   // OSI
            case 0x42 -> 0x0031;           // 802.1D bridge PDU
            case LLCSAP_IPX -> 0x002b;
            default -> llProto;
        };
    }

    private Pred ethernetType(int llProto) {
        Pred is8023 = Pred.not(jump(Base.LINK_TYPE, 0, 2, Bpf.JGT, ETHERMTU));
        switch (llProto) {
            case LLCSAP_ISONS, LLCSAP_IP, LLCSAP_NETBEUI -> {
                return Pred.and(is8023, cmp(Base.LINK_PAYLOAD, 0, 2, (llProto << 8) | llProto));
            }
            case LLCSAP_IPX -> {
                Pred llc = Pred.or(cmp(Base.LINK_PAYLOAD, 0, 1, LLCSAP_IPX), cmp(Base.LINK_PAYLOAD, 0, 2, 0xffff));
                llc = Pred.or(snap(0x000000, ETHERTYPE_IPX), llc);
                return Pred.or(cmp(Base.LINK_TYPE, 0, 2, ETHERTYPE_IPX), Pred.and(is8023, llc));
            }
            case ETHERTYPE_ATALK, ETHERTYPE_AARP -> {
                Pred snap = llProto == ETHERTYPE_ATALK ? snap(0x080007, ETHERTYPE_ATALK) : snap(0, ETHERTYPE_AARP);
                return Pred.or(cmp(Base.LINK_TYPE, 0, 2, llProto), Pred.and(is8023, snap));
            }
            default -> {
                if (llProto <= ETHERMTU) {
                    return Pred.and(is8023, cmp(Base.LINK_TYPE, 2, 1, llProto));
                }
                return cmp(Base.LINK_TYPE, 0, 2, llProto);
            }
        }
    }

    private Pred cookedType(int llProto) {
        Pred is8022 = cmp(Base.LINK_TYPE, 0, 2, LINUX_SLL_P_802_2);
        switch (llProto) {
            case LLCSAP_ISONS, LLCSAP_IP, LLCSAP_NETBEUI -> {
                return Pred.and(is8022, cmp(Base.LINK_PAYLOAD, 0, 2, (llProto << 8) | llProto));
            }
            case LLCSAP_IPX -> {
                Pred llc = Pred.and(is8022, Pred.or(cmp(Base.LINK_PAYLOAD, 0, 1, LLCSAP_IPX),
                        snap(0x000000, ETHERTYPE_IPX)));
                llc = Pred.or(cmp(Base.LINK_TYPE, 0, 2, LINUX_SLL_P_802_3), llc);
                return Pred.or(cmp(Base.LINK_TYPE, 0, 2, ETHERTYPE_IPX), llc);
            }
            case ETHERTYPE_ATALK, ETHERTYPE_AARP -> {
                Pred snap = llProto == ETHERTYPE_ATALK ? snap(0x080007, ETHERTYPE_ATALK) : snap(0, ETHERTYPE_AARP);
                return Pred.or(cmp(Base.LINK_TYPE, 0, 2, llProto), Pred.and(is8022, snap));
            }
            default -> {
                if (llProto <= ETHERMTU) {
                    return Pred.and(is8022, cmp(Base.LINK_HEADER, payloadOffset, 1, llProto));
                }
                return cmp(Base.LINK_TYPE, 0, 2, llProto);
            }
        }
    }

    /**
     * BSD loopback: a 32-bit address family in the byte order of the host that captured. libpcap byte-swaps
     * the constant for files from the other byte order; NetZer's compiler does not know the file, so it
     * accepts either order (no address family value is ambiguous between the two).
     */
    private Pred loopbackType(int llProto) {
        return switch (llProto) {
            case ETHERTYPE_IP -> family(2);
            case ETHERTYPE_IPV6 -> Pred.or(Pred.or(family(24), family(28)), family(30));
            default -> Pred.FALSE;
        };
    }

    private Pred family(int af) {
        return Pred.or(cmp(Base.LINK_HEADER, 0, 4, af), cmp(Base.LINK_HEADER, 0, 4, Integer.reverseBytes(af)));
    }

    /** 802.2 LLC + SNAP header: AA AA 03, the OUI and the EtherType. */
    private Pred snap(int oui, int etherType) {
        byte[] header = {
            (byte) 0xaa, (byte) 0xaa, 0x03, (byte) (oui >> 16), (byte) (oui >> 8), (byte) oui,
            (byte) (etherType >> 8), (byte) etherType,
        };
        return bytes(Base.LINK_PAYLOAD, 0, header);
    }
}
