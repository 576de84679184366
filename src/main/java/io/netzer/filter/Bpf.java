package io.netzer.filter;

/**
 * Classic BPF opcode fields, as in {@code <linux/filter.h>} and libpcap's {@code pcap/bpf.h}. An opcode is the
 * OR of a class, and for loads a size and a mode, for ALU and jumps an operation and a source.
 */
final class Bpf {
    static final int LD = 0x00;
    static final int LDX = 0x01;
    static final int ST = 0x02;
    static final int STX = 0x03;
    static final int ALU = 0x04;
    static final int JMP = 0x05;
    static final int RET = 0x06;
    static final int MISC = 0x07;

    static final int W = 0x00;
    static final int H = 0x08;
    static final int B = 0x10;

    static final int IMM = 0x00;
    static final int ABS = 0x20;
    static final int IND = 0x40;
    static final int MEM = 0x60;
    static final int LEN = 0x80;
    static final int MSH = 0xa0;

    static final int ADD = 0x00;
    static final int SUB = 0x10;
    static final int MUL = 0x20;
    static final int DIV = 0x30;
    static final int OR = 0x40;
    static final int AND = 0x50;
    static final int LSH = 0x60;
    static final int RSH = 0x70;
    static final int NEG = 0x80;
    static final int MOD = 0x90;
    static final int XOR = 0xa0;

    static final int JA = 0x00;
    static final int JEQ = 0x10;
    static final int JGT = 0x20;
    static final int JGE = 0x30;
    static final int JSET = 0x40;

    static final int K = 0x00;
    static final int X = 0x08;
    /** RET source: the accumulator. */
    static final int A = 0x10;

    static final int TAX = 0x00;
    static final int TXA = 0x80;

    /** Scratch memory words M[0..15] (BPF_MEMWORDS). */
    static final int MEMWORDS = 16;
    /** Longest program the kernel accepts (BPF_MAXINSNS). */
    static final int MAXINSNS = 4096;

    /** Base of the kernel's ancillary loads (SKF_AD_OFF = -4096). */
    static final int SKF_AD_OFF = -0x1000;
    /** One past the kernel's highest ancillary load (SKF_AD_MAX, linux/filter.h): loads above it read no data. */
    static final int SKF_AD_MAX = 64;
    /** Ancillary: the packet type (sll_pkttype: PACKET_HOST ... PACKET_OUTGOING). */
    static final int SKF_AD_PKTTYPE = 4;
    /** Ancillary: the VLAN TCI the driver stripped into skb metadata. */
    static final int SKF_AD_VLAN_TAG = 44;
    /** Ancillary: 1 when the skb carries a stripped VLAN tag. */
    static final int SKF_AD_VLAN_TAG_PRESENT = 48;

    private Bpf() {
    }

    static int opClass(int code) {
        return code & 0x07;
    }

    static int size(int code) {
        return code & 0x18;
    }

    static int mode(int code) {
        return code & 0xe0;
    }

    static int op(int code) {
        return code & 0xf0;
    }

    static int src(int code) {
        return code & 0x08;
    }

    /** Bytes read by a load of the given size field. */
    static int sizeBytes(int size) {
        return switch (size) {
            case W -> 4;
            case H -> 2;
            default -> 1;
        };
    }
}
