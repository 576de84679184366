package io.netzer.filter;

import java.util.Arrays;

/**
 * An immutable classic BPF program: instructions as parallel arrays of opcode (u16), jump-if-true and
 * jump-if-false offsets (u8) and constant (u32), the layout of {@code struct sock_filter}.
 */
public final class BpfProgram {
    private final short[] code;
    private final byte[] jt;
    private final byte[] jf;
    private final int[] k;

    private BpfProgram(short[] code, byte[] jt, byte[] jf, int[] k) {
        this.code = code;
        this.jt = jt;
        this.jf = jf;
        this.k = k;
    }

    /**
     * Builds a program from parallel arrays (copied). Opcodes must fit 16 bits and jump offsets 8 bits
     * unsigned; the program is not validated here (see {@link #validate()}).
     */
    public static BpfProgram of(int[] code, int[] jt, int[] jf, int[] k) {
        int n = code.length;
        if (jt.length != n || jf.length != n || k.length != n) {
            throw new IllegalArgumentException("instruction arrays differ in length: code " + n + ", jt " + jt.length
                    + ", jf " + jf.length + ", k " + k.length);
        }
        short[] c = new short[n];
        byte[] t = new byte[n];
        byte[] f = new byte[n];
        for (int i = 0; i < n; i++) {
            if ((code[i] & ~0xffff) != 0 || (jt[i] & ~0xff) != 0 || (jf[i] & ~0xff) != 0) {
                throw new IllegalArgumentException("instruction " + i + " out of range: code " + code[i] + ", jt "
                        + jt[i] + ", jf " + jf[i] + " (expected u16, u8, u8)");
            }
            c[i] = (short) code[i];
            t[i] = (byte) jt[i];
            f[i] = (byte) jf[i];
        }
        return new BpfProgram(c, t, f, k.clone());
    }

    /** Number of instructions. */
    public int length() {
        return code.length;
    }

    /** Opcode of instruction {@code i} (u16). */
    public int code(int i) {
        return code[i] & 0xffff;
    }

    /** Jump-if-true offset of instruction {@code i} (u8, relative to the next instruction). */
    public int jt(int i) {
        return jt[i] & 0xff;
    }

    /** Jump-if-false offset of instruction {@code i} (u8, relative to the next instruction). */
    public int jf(int i) {
        return jf[i] & 0xff;
    }

    /** Constant operand of instruction {@code i} (u32 held in an int). */
    public int k(int i) {
        return k[i];
    }

    /** The program as {@code tcpdump -dd} prints it: four numbers per instruction, {@code code, jt, jf, k}. */
    public int[] toQuadruples() {
        int[] instructions = new int[length() * 4];
        for (int i = 0; i < length(); i++) {
            instructions[4 * i] = code(i);
            instructions[4 * i + 1] = jt(i);
            instructions[4 * i + 2] = jf(i);
            instructions[4 * i + 3] = k(i);
        }
        return instructions;
    }

    /**
     * Checks the program against the kernel's rules for classic BPF (bpf_check_classic): length, known
     * opcodes, jumps in range, a RET at the end, scratch indices in range, no division by constant zero,
     * no scratch word read before it is written.
     *
     * @throws IllegalArgumentException naming the first offending instruction
     */
    public void validate() {
        String problem = BpfValidator.check(this);
        if (problem != null) {
            throw new IllegalArgumentException("invalid BPF program: " + problem);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BpfProgram that && Arrays.equals(code, that.code) && Arrays.equals(jt, that.jt)
                && Arrays.equals(jf, that.jf) && Arrays.equals(k, that.k);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(code) * 31 + Arrays.hashCode(k);
    }

    @Override
    public String toString() {
        return BpfDumper.dump(this, 1);
    }
}
