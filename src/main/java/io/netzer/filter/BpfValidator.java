package io.netzer.filter;

import java.util.Arrays;

/**
 * The kernel's acceptance rules for classic BPF ({@code bpf_check_classic} and {@code check_load_and_stores}
 * in net/core/filter.c), so a program that passes here also attaches with SO_ATTACH_FILTER.
 */
final class BpfValidator {
    private static final int ALL_WORDS = (1 << Bpf.MEMWORDS) - 1;

    private BpfValidator() {
    }

    /** Returns null when the program is acceptable, else what is wrong and where. */
    static String check(BpfProgram program) {
        int n = program.length();
        if (n == 0 || n > Bpf.MAXINSNS) {
            return "length " + n + " (expected 1.." + Bpf.MAXINSNS + ")";
        }
        for (int pc = 0; pc < n; pc++) {
            String problem = checkInstruction(program, pc, n);
            if (problem != null) {
                return "instruction " + pc + ": " + problem;
            }
        }
        if (Bpf.opClass(program.code(n - 1)) != Bpf.RET) {
            return "last instruction is not a RET";
        }
        return checkScratchUse(program);
    }

    private static String checkInstruction(BpfProgram p, int pc, int n) {
        int code = p.code(pc);
        int k = p.k(pc);
        if (!isKnownOpcode(code)) {
            return String.format("unknown opcode 0x%x", code);
        }
        switch (Bpf.opClass(code)) {
            case Bpf.ALU -> {
                int op = Bpf.op(code);
                boolean constant = Bpf.src(code) == Bpf.K && op != Bpf.NEG;
                if (constant && (op == Bpf.DIV || op == Bpf.MOD) && k == 0) {
                    return "division by constant zero";
                }
                if (constant && (op == Bpf.LSH || op == Bpf.RSH) && Integer.compareUnsigned(k, 32) >= 0) {
                    return "shift by " + Integer.toUnsignedString(k) + " (expected < 32)";
                }
            }
            case Bpf.LD, Bpf.LDX -> {
                if (Bpf.mode(code) == Bpf.MEM && Integer.compareUnsigned(k, Bpf.MEMWORDS) >= 0) {
                    return "scratch index " + Integer.toUnsignedString(k) + " (expected < 16)";
                }
                if (Bpf.mode(code) == Bpf.ABS && k < Bpf.SKF_AD_OFF + Bpf.SKF_AD_MAX && !isSupportedAncillary(k)) {
                    return "unsupported ancillary load " + k;
                }
            }
            case Bpf.ST, Bpf.STX -> {
                if (Integer.compareUnsigned(k, Bpf.MEMWORDS) >= 0) {
                    return "scratch index " + Integer.toUnsignedString(k) + " (expected < 16)";
                }
            }
            case Bpf.JMP -> {
                if (Bpf.op(code) == Bpf.JA) {
                    if (Long.compareUnsigned(k & 0xffffffffL, n - pc - 1L) >= 0) {
                        return "jump past the end";
                    }
                } else if (pc + 1 + p.jt(pc) >= n || pc + 1 + p.jf(pc) >= n) {
                    return "conditional jump past the end";
                }
            }
            default -> {
            }
        }
        return null;
    }

    /**
     * Whether the kernel and the interpreter agree on an absolute load at a negative offset: the ancillary loads
     * NetZer implements. Other offsets from SKF_AD_OFF + SKF_AD_MAX up to -1 (what {@code ip[-6:2]} compiles to on a
     * 4-byte link header) read no data in either, so the packet is rejected in both, as libpcap's bpf_filter does;
     * only the kernel's other ancillary loads and its network- and link-relative loads (SKF_NET_OFF, SKF_LL_OFF,
     * below SKF_AD_OFF) would read data the interpreter cannot, and are refused.
     */
    static boolean isSupportedAncillary(int k) {
        return k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG || k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG_PRESENT
                || k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_PKTTYPE;
    }

    private static boolean isKnownOpcode(int code) {
        if (code > 0xff) {
            return false;
        }
        return switch (Bpf.opClass(code)) {
            case Bpf.LD -> code == (Bpf.LD | Bpf.IMM) || code == (Bpf.LD | Bpf.MEM)
                    || code == (Bpf.LD | Bpf.W | Bpf.LEN)
                    || ((Bpf.mode(code) == Bpf.ABS || Bpf.mode(code) == Bpf.IND) && Bpf.size(code) != 0x18);
            case Bpf.LDX -> code == (Bpf.LDX | Bpf.IMM) || code == (Bpf.LDX | Bpf.MEM)
                    || code == (Bpf.LDX | Bpf.W | Bpf.LEN) || code == (Bpf.LDX | Bpf.B | Bpf.MSH);
            case Bpf.ST, Bpf.STX -> Bpf.opClass(code) == code;
            case Bpf.ALU -> (Bpf.op(code) <= Bpf.XOR && (code & 0x07 | Bpf.op(code) | Bpf.src(code)) == code)
                    && !(Bpf.op(code) == Bpf.NEG && Bpf.src(code) != 0);
            case Bpf.JMP -> (code & ~0xf8) == Bpf.JMP && Bpf.op(code) <= Bpf.JSET
                    && !(Bpf.op(code) == Bpf.JA && Bpf.src(code) != 0);
            case Bpf.RET -> code == (Bpf.RET | Bpf.K) || code == (Bpf.RET | Bpf.A);
            default -> code == (Bpf.MISC | Bpf.TAX) || code == (Bpf.MISC | Bpf.TXA);
        };
    }

    /** The kernel refuses a program that may read a scratch word no path has written (check_load_and_stores). */
    private static String checkScratchUse(BpfProgram p) {
        int n = p.length();
        int[] valid = new int[n];
        Arrays.fill(valid, ALL_WORDS);
        int known = 0;
        for (int pc = 0; pc < n; pc++) {
            known &= valid[pc];
            int code = p.code(pc);
            int k = p.k(pc);
            int cls = Bpf.opClass(code);
            if (cls == Bpf.ST || cls == Bpf.STX) {
                known |= 1 << k;
            } else if ((cls == Bpf.LD || cls == Bpf.LDX) && Bpf.mode(code) == Bpf.MEM) {
                if ((known & (1 << k)) == 0) {
                    return "instruction " + pc + ": reads M[" + k + "] before any store";
                }
            } else if (cls == Bpf.JMP) {
                if (Bpf.op(code) == Bpf.JA) {
                    valid[pc + 1 + k] &= known;
                } else {
                    valid[pc + 1 + p.jt(pc)] &= known;
                    valid[pc + 1 + p.jf(pc)] &= known;
                }
                known = ALL_WORDS;
            }
        }
        return null;
    }
}
