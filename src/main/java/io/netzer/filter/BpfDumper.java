package io.netzer.filter;

/**
 * Prints a program the way {@code tcpdump -d}, {@code -dd} and {@code -ddd} do (libpcap's bpf_dump and
 * bpf_image), so listings can be compared line by line with tcpdump's.
 */
public final class BpfDumper {
    private BpfDumper() {
    }

    /**
     * Returns the listing: level 1 is {@code -d} (mnemonics), 2 is {@code -dd} (C initializers), 3 or more
     * is {@code -ddd} (decimal, preceded by the instruction count). Every line ends with a newline.
     */
    public static String dump(BpfProgram program, int level) {
        if (level < 1) {
            throw new IllegalArgumentException("dump level " + level + " (expected 1 for -d, 2 for -dd, 3 for -ddd)");
        }
        StringBuilder out = new StringBuilder(program.length() * 40);
        if (level > 2) {
            out.append(program.length()).append('\n');
        }
        for (int i = 0; i < program.length(); i++) {
            if (level > 2) {
                out.append(program.code(i)).append(' ').append(program.jt(i)).append(' ').append(program.jf(i))
                        .append(' ').append(Integer.toUnsignedString(program.k(i))).append('\n');
            } else if (level == 2) {
                out.append(String.format("{ 0x%x, %d, %d, 0x%08x },\n", program.code(i), program.jt(i),
                        program.jf(i), program.k(i)));
            } else {
                out.append(image(program, i)).append('\n');
            }
        }
        return out.toString();
    }

    /** One {@code -d} line for instruction {@code n}, without the newline. */
    static String image(BpfProgram p, int n) {
        int code = p.code(n);
        int k = p.k(n);
        String op;
        String operand;
        switch (code) {
            case Bpf.RET | Bpf.K -> { op = "ret"; operand = "#" + k; }
            case Bpf.RET | Bpf.A -> { op = "ret"; operand = ""; }
            case Bpf.LD | Bpf.W | Bpf.ABS -> { op = "ld"; operand = absolute(k); }
            case Bpf.LD | Bpf.H | Bpf.ABS -> { op = "ldh"; operand = absolute(k); }
            case Bpf.LD | Bpf.B | Bpf.ABS -> { op = "ldb"; operand = absolute(k); }
            case Bpf.LD | Bpf.W | Bpf.LEN -> { op = "ld"; operand = "#pktlen"; }
            case Bpf.LD | Bpf.W | Bpf.IND -> { op = "ld"; operand = "[x + " + k + "]"; }
            case Bpf.LD | Bpf.H | Bpf.IND -> { op = "ldh"; operand = "[x + " + k + "]"; }
            case Bpf.LD | Bpf.B | Bpf.IND -> { op = "ldb"; operand = "[x + " + k + "]"; }
            case Bpf.LD | Bpf.IMM -> { op = "ld"; operand = hex(k); }
            case Bpf.LDX | Bpf.IMM -> { op = "ldx"; operand = hex(k); }
            case Bpf.LDX | Bpf.W | Bpf.LEN -> { op = "ldx"; operand = "#pktlen"; }
            case Bpf.LDX | Bpf.B | Bpf.MSH -> { op = "ldxb"; operand = "4*([" + k + "]&0xf)"; }
            case Bpf.LD | Bpf.MEM -> { op = "ld"; operand = "M[" + k + "]"; }
            case Bpf.LDX | Bpf.MEM -> { op = "ldx"; operand = "M[" + k + "]"; }
            case Bpf.ST -> { op = "st"; operand = "M[" + k + "]"; }
            case Bpf.STX -> { op = "stx"; operand = "M[" + k + "]"; }
            case Bpf.JMP | Bpf.JA -> { op = "ja"; operand = Integer.toString(n + 1 + k); }
            case Bpf.ALU | Bpf.NEG -> { op = "neg"; operand = ""; }
            case Bpf.MISC | Bpf.TAX -> { op = "tax"; operand = ""; }
            case Bpf.MISC | Bpf.TXA -> { op = "txa"; operand = ""; }
            default -> {
                if (Bpf.opClass(code) == Bpf.JMP && jumpName(code) != null) {
                    op = jumpName(code);
                    operand = Bpf.src(code) == Bpf.X ? "x" : hex(k);
                } else if (Bpf.opClass(code) == Bpf.ALU && aluName(code) != null) {
                    op = aluName(code);
                    operand = Bpf.src(code) == Bpf.X ? "x" : aluConstant(code, k);
                } else {
                    op = "unimp";
                    operand = hex(code).substring(1);
                }
            }
        }
        if (Bpf.opClass(code) == Bpf.JMP && Bpf.op(code) != Bpf.JA) {
            return String.format("(%03d) %-8s %-16s jt %d\tjf %d", n, op, operand, n + 1 + p.jt(n), n + 1 + p.jf(n));
        }
        return String.format("(%03d) %-8s %s", n, op, operand);
    }

    private static String absolute(int k) {
        if (k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG_PRESENT) {
            return "[vlanp]";
        }
        if (k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_VLAN_TAG) {
            return "[vlan_tci]";
        }
        if (k == Bpf.SKF_AD_OFF + Bpf.SKF_AD_PKTTYPE) {
            return "[type]";
        }
        return "[" + k + "]";
    }

    private static String hex(int k) {
        return "#0x" + Integer.toHexString(k);
    }

    /** libpcap prints bit operations in hex and arithmetic in decimal. */
    private static String aluConstant(int code, int k) {
        int op = Bpf.op(code);
        return op == Bpf.AND || op == Bpf.OR || op == Bpf.XOR ? hex(k) : "#" + k;
    }

    private static String jumpName(int code) {
        return switch (Bpf.op(code)) {
            case Bpf.JEQ -> "jeq";
            case Bpf.JGT -> "jgt";
            case Bpf.JGE -> "jge";
            case Bpf.JSET -> "jset";
            default -> null;
        };
    }

    private static String aluName(int code) {
        return switch (Bpf.op(code)) {
            case Bpf.ADD -> "add";
            case Bpf.SUB -> "sub";
            case Bpf.MUL -> "mul";
            case Bpf.DIV -> "div";
            case Bpf.MOD -> "mod";
            case Bpf.AND -> "and";
            case Bpf.OR -> "or";
            case Bpf.XOR -> "xor";
            case Bpf.LSH -> "lsh";
            case Bpf.RSH -> "rsh";
            default -> null;
        };
    }
}
