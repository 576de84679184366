package io.netzer.filter;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Runs a classic BPF program over a packet in place, with the semantics of libpcap's {@code bpf_filter}
 * (which tcpdump uses on files) and the kernel's: a load past the captured bytes or a division by zero
 * rejects the packet, shifts by 32 or more yield 0, the result is the accept length (0 rejects).
 *
 * <p>The program is validated and pre-decoded once into dense operation numbers with absolute jump
 * targets, so the per-packet loop is one switch and performs no allocation. An instance holds the
 * scratch memory M[] and is therefore confined to one thread.
 */
public final class BpfInterpreter {
    private static final ValueLayout.OfInt INT_BE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final int[] ops;
    private final int[] ks;
    private final int[] jts;
    private final int[] jfs;
    private final int[] memory = new int[Bpf.MEMWORDS];
    private int vlanPresent;
    private int vlanTci;
    private int packetType;

    /**
     * Prepares a program for running.
     *
     * @throws IllegalArgumentException when the kernel would refuse the program
     */
    public BpfInterpreter(BpfProgram program) {
        program.validate();
        int n = program.length();
        ops = new int[n];
        ks = new int[n];
        jts = new int[n];
        jfs = new int[n];
        for (int pc = 0; pc < n; pc++) {
            int code = program.code(pc);
            int k = program.k(pc);
            ops[pc] = Op.decode(code, k);
            ks[pc] = k;
            jts[pc] = pc + 1 + program.jt(pc);
            jfs[pc] = pc + 1 + program.jf(pc);
            if (code == (Bpf.JMP | Bpf.JA)) {
                jts[pc] = pc + 1 + k;
            }
            if (ops[pc] == Op.JGT_K || ops[pc] == Op.JGE_K) {
                ks[pc] = k ^ Integer.MIN_VALUE;
            }
        }
    }

    /**
     * Sets the VLAN metadata that a live socket would expose to the ancillary loads (the tag the driver
     * stripped); it stays in effect for later runs. Files carry tags in the packet and leave this unset.
     */
    public void setVlanMetadata(boolean present, int tci) {
        vlanPresent = present ? 1 : 0;
        vlanTci = tci & 0xffff;
    }

    /**
     * Sets the packet type (sll_pkttype) a live socket would expose to the ancillary load that {@code inbound}
     * and {@code outbound} use on a non-cooked link; it stays in effect for later runs. Unset, it is
     * PACKET_HOST (0).
     */
    public void setPacketType(int pkttype) {
        packetType = pkttype & 0xff;
    }

    /** Convenience for tests and cold paths: runs over a whole array (allocates a segment view per call). */
    public int run(byte[] packet, int wireLength) {
        return run(MemorySegment.ofArray(packet), 0, packet.length, wireLength);
    }

    /**
     * Runs the program over {@code capturedLength} bytes at {@code offset} in {@code segment}.
     *
     * @return 0 to reject, else the number of bytes to accept (the program's RET value, capped to
     *         {@link Integer#MAX_VALUE})
     */
    public int run(MemorySegment segment, long offset, int capturedLength, int wireLength) {
        long limit = Math.min(capturedLength & 0xffffffffL, segment.byteSize() - offset);
        int[] mem = memory;
        int a = 0;
        int x = 0;
        int pc = 0;
        while (true) {
            int k = ks[pc];
            switch (ops[pc]) {
                case Op.RET_K:
                    return accept(k);
                case Op.RET_A:
                    return accept(a);
                case Op.LD_W_ABS:
                    if (outside(k, 4, limit)) {
                        return 0;
                    }
                    a = segment.get(INT_BE, offset + k);
                    break;
                case Op.LD_H_ABS:
                    if (outside(k, 2, limit)) {
                        return 0;
                    }
                    a = segment.get(SHORT_BE, offset + k) & 0xffff;
                    break;
                case Op.LD_B_ABS:
                    if (outside(k, 1, limit)) {
                        return 0;
                    }
                    a = segment.get(ValueLayout.JAVA_BYTE, offset + k) & 0xff;
                    break;
                case Op.LD_W_IND:
                    if (outsideIndexed(x, k, 4, limit)) {
                        return 0;
                    }
                    a = segment.get(INT_BE, offset + (x & 0xffffffffL) + (k & 0xffffffffL));
                    break;
                case Op.LD_H_IND:
                    if (outsideIndexed(x, k, 2, limit)) {
                        return 0;
                    }
                    a = segment.get(SHORT_BE, offset + (x & 0xffffffffL) + (k & 0xffffffffL)) & 0xffff;
                    break;
                case Op.LD_B_IND:
                    if (outsideIndexed(x, k, 1, limit)) {
                        return 0;
                    }
                    a = segment.get(ValueLayout.JAVA_BYTE, offset + (x & 0xffffffffL) + (k & 0xffffffffL)) & 0xff;
                    break;
                case Op.LDX_MSH:
                    if (outside(k, 1, limit)) {
                        return 0;
                    }
                    x = (segment.get(ValueLayout.JAVA_BYTE, offset + k) & 0xf) << 2;
                    break;
                case Op.LD_VLAN_PRESENT:
                    a = vlanPresent;
                    break;
                case Op.LD_VLAN_TCI:
                    a = vlanTci;
                    break;
                case Op.LD_PKTTYPE:
                    a = packetType;
                    break;
                case Op.LD_IMM:
                    a = k;
                    break;
                case Op.LD_LEN:
                    a = wireLength;
                    break;
                case Op.LD_MEM:
                    a = mem[k];
                    break;
                case Op.LDX_IMM:
                    x = k;
                    break;
                case Op.LDX_LEN:
                    x = wireLength;
                    break;
                case Op.LDX_MEM:
                    x = mem[k];
                    break;
                case Op.ST:
                    mem[k] = a;
                    break;
                case Op.STX:
                    mem[k] = x;
                    break;
                case Op.TAX:
                    x = a;
                    break;
                case Op.TXA:
                    a = x;
                    break;
                case Op.ADD_K:
                    a += k;
                    break;
                case Op.SUB_K:
                    a -= k;
                    break;
                case Op.MUL_K:
                    a *= k;
                    break;
                case Op.DIV_K:
                    a = Integer.divideUnsigned(a, k);
                    break;
                case Op.MOD_K:
                    a = Integer.remainderUnsigned(a, k);
                    break;
                case Op.AND_K:
                    a &= k;
                    break;
                case Op.OR_K:
                    a |= k;
                    break;
                case Op.XOR_K:
                    a ^= k;
                    break;
                case Op.LSH_K:
                    a <<= k;
                    break;
                case Op.RSH_K:
                    a >>>= k;
                    break;
                case Op.ADD_X:
                    a += x;
                    break;
                case Op.SUB_X:
                    a -= x;
                    break;
                case Op.MUL_X:
                    a *= x;
                    break;
                case Op.DIV_X:
                    if (x == 0) {
                        return 0;
                    }
                    a = Integer.divideUnsigned(a, x);
                    break;
                case Op.MOD_X:
                    if (x == 0) {
                        return 0;
                    }
                    a = Integer.remainderUnsigned(a, x);
                    break;
                case Op.AND_X:
                    a &= x;
                    break;
                case Op.OR_X:
                    a |= x;
                    break;
                case Op.XOR_X:
                    a ^= x;
                    break;
                case Op.LSH_X:
                    a = Integer.compareUnsigned(x, 32) < 0 ? a << x : 0;
                    break;
                case Op.RSH_X:
                    a = Integer.compareUnsigned(x, 32) < 0 ? a >>> x : 0;
                    break;
                case Op.NEG:
                    a = -a;
                    break;
                case Op.JA:
                    pc = jts[pc];
                    continue;
                case Op.JEQ_K:
                    pc = a == k ? jts[pc] : jfs[pc];
                    continue;
                case Op.JGT_K:
                    pc = (a ^ Integer.MIN_VALUE) > k ? jts[pc] : jfs[pc];
                    continue;
                case Op.JGE_K:
                    pc = (a ^ Integer.MIN_VALUE) >= k ? jts[pc] : jfs[pc];
                    continue;
                case Op.JSET_K:
                    pc = (a & k) != 0 ? jts[pc] : jfs[pc];
                    continue;
                case Op.JEQ_X:
                    pc = a == x ? jts[pc] : jfs[pc];
                    continue;
                case Op.JGT_X:
                    pc = Integer.compareUnsigned(a, x) > 0 ? jts[pc] : jfs[pc];
                    continue;
                case Op.JGE_X:
                    pc = Integer.compareUnsigned(a, x) >= 0 ? jts[pc] : jfs[pc];
                    continue;
                case Op.JSET_X:
                    pc = (a & x) != 0 ? jts[pc] : jfs[pc];
                    continue;
                default:
                    return 0;
            }
            pc++;
        }
    }

    private static boolean outside(int k, int size, long limit) {
        return (k & 0xffffffffL) + size > limit;
    }

    private static boolean outsideIndexed(int x, int k, int size, long limit) {
        return (x & 0xffffffffL) + (k & 0xffffffffL) + size > limit;
    }

    private static int accept(int value) {
        return value < 0 ? Integer.MAX_VALUE : value;
    }

    /** Dense operation numbers, so the run loop compiles to a table switch. */
    private static final class Op {
        static final int RET_K = 0;
        static final int RET_A = 1;
        static final int LD_W_ABS = 2;
        static final int LD_H_ABS = 3;
        static final int LD_B_ABS = 4;
        static final int LD_W_IND = 5;
        static final int LD_H_IND = 6;
        static final int LD_B_IND = 7;
        static final int LDX_MSH = 8;
        static final int LD_VLAN_PRESENT = 9;
        static final int LD_VLAN_TCI = 10;
        static final int LD_IMM = 11;
        static final int LD_LEN = 12;
        static final int LD_MEM = 13;
        static final int LDX_IMM = 14;
        static final int LDX_LEN = 15;
        static final int LDX_MEM = 16;
        static final int ST = 17;
        static final int STX = 18;
        static final int TAX = 19;
        static final int TXA = 20;
        static final int ADD_K = 21;
        static final int SUB_K = 22;
        static final int MUL_K = 23;
        static final int DIV_K = 24;
        static final int MOD_K = 25;
        static final int AND_K = 26;
        static final int OR_K = 27;
        static final int XOR_K = 28;
        static final int LSH_K = 29;
        static final int RSH_K = 30;
        static final int ADD_X = 31;
        static final int SUB_X = 32;
        static final int MUL_X = 33;
        static final int DIV_X = 34;
        static final int MOD_X = 35;
        static final int AND_X = 36;
        static final int OR_X = 37;
        static final int XOR_X = 38;
        static final int LSH_X = 39;
        static final int RSH_X = 40;
        static final int NEG = 41;
        static final int JA = 42;
        static final int JEQ_K = 43;
        static final int JGT_K = 44;
        static final int JGE_K = 45;
        static final int JSET_K = 46;
        static final int JEQ_X = 47;
        static final int JGT_X = 48;
        static final int JGE_X = 49;
        static final int JSET_X = 50;
        static final int LD_PKTTYPE = 51;

        private Op() {
        }

        static int decode(int code, int k) {
            return switch (code) {
                case Bpf.RET | Bpf.K -> RET_K;
                case Bpf.RET | Bpf.A -> RET_A;
                case Bpf.LD | Bpf.W | Bpf.ABS -> ancillary(k, LD_W_ABS);
                case Bpf.LD | Bpf.H | Bpf.ABS -> ancillary(k, LD_H_ABS);
                case Bpf.LD | Bpf.B | Bpf.ABS -> ancillary(k, LD_B_ABS);
                case Bpf.LD | Bpf.W | Bpf.IND -> LD_W_IND;
                case Bpf.LD | Bpf.H | Bpf.IND -> LD_H_IND;
                case Bpf.LD | Bpf.B | Bpf.IND -> LD_B_IND;
                case Bpf.LDX | Bpf.B | Bpf.MSH -> LDX_MSH;
                case Bpf.LD | Bpf.IMM -> LD_IMM;
                case Bpf.LD | Bpf.W | Bpf.LEN -> LD_LEN;
                case Bpf.LD | Bpf.MEM -> LD_MEM;
                case Bpf.LDX | Bpf.IMM -> LDX_IMM;
                case Bpf.LDX | Bpf.W | Bpf.LEN -> LDX_LEN;
                case Bpf.LDX | Bpf.MEM -> LDX_MEM;
                case Bpf.ST -> ST;
                case Bpf.STX -> STX;
                case Bpf.MISC | Bpf.TAX -> TAX;
                case Bpf.MISC | Bpf.TXA -> TXA;
                case Bpf.ALU | Bpf.NEG -> NEG;
                case Bpf.JMP | Bpf.JA -> JA;
                default -> Bpf.opClass(code) == Bpf.ALU ? alu(code) : jump(code);
            };
        }

        private static int ancillary(int k, int plain) {
            if (k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG_PRESENT) {
                return LD_VLAN_PRESENT;
            }
            if (k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_PKTTYPE) {
                return LD_PKTTYPE;
            }
            return k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG ? LD_VLAN_TCI : plain;
        }

        private static int alu(int code) {
            int base = Bpf.src(code) == Bpf.X ? ADD_X : ADD_K;
            return base + switch (Bpf.op(code)) {
                case Bpf.ADD -> 0;
                case Bpf.SUB -> 1;
                case Bpf.MUL -> 2;
                case Bpf.DIV -> 3;
                case Bpf.MOD -> 4;
                case Bpf.AND -> 5;
                case Bpf.OR -> 6;
                case Bpf.XOR -> 7;
                case Bpf.LSH -> 8;
                default -> 9;
            };
        }

        private static int jump(int code) {
            int base = Bpf.src(code) == Bpf.X ? JEQ_X : JEQ_K;
            return base + switch (Bpf.op(code)) {
                case Bpf.JEQ -> 0;
                case Bpf.JGT -> 1;
                case Bpf.JGE -> 2;
                default -> 3;
            };
        }
    }
}
