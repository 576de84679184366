package io.netzer.filter;

import io.netzer.filter.FlowGraph.Block;
import io.netzer.filter.Pred.Stmt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes statements whose result nothing reads (backward liveness over A, X and M[]), loads included, as
 * libpcap's optimizer does.
 */
final class DeadCode {
    static final int A = 1 << 16;
    static final int X = 1 << 17;

    private DeadCode() {
    }

    /** Division by X rejects the packet when X is zero, so it is never dead. */
    private static boolean dividesByX(Stmt stmt) {
        int code = stmt.code();
        return Bpf.opClass(code) == Bpf.ALU && Bpf.src(code) == Bpf.X
                && (Bpf.op(code) == Bpf.DIV || Bpf.op(code) == Bpf.MOD);
    }

    static void remove(FlowGraph graph) {
        liveness(graph, true);
    }

    /**
     * Registers read before written at the entry of each block (bits 0-15 for M[], {@link #A}, {@link #X}),
     * over the statements still kept; with {@code removeDead} the dead ones are dropped on the way.
     */
    static Map<Block, Integer> liveness(FlowGraph graph, boolean removeDead) {
        List<Block> order = graph.topologicalOrder();
        Map<Block, Integer> liveIn = new HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Block block = order.get(i);
            int live = 0;
            if (block.isReturn()) {
                live = block.jumpCode == (Bpf.RET | Bpf.A) ? A : 0;
                liveIn.put(block, live);
                continue;
            }
            for (Block successor : block.successors()) {
                live |= liveIn.get(successor);
            }
            if (!block.isUnconditional()) {
                live |= A | (Bpf.src(block.jumpCode) == Bpf.X ? X : 0);
            }
            for (int s = block.stmts.size() - 1; s >= 0; s--) {
                if (!block.keep[s]) {
                    continue;
                }
                Stmt stmt = block.stmts.get(s);
                int writes = writes(stmt);
                if (removeDead && (live & writes) == 0 && !dividesByX(stmt)) {
                    block.keep[s] = false;
                    continue;
                }
                live = (live & ~writes) | reads(stmt);
            }
            liveIn.put(block, live);
        }
        return liveIn;
    }

    private static int writes(Stmt stmt) {
        int code = stmt.code();
        return switch (Bpf.opClass(code)) {
            case Bpf.LD, Bpf.ALU -> A;
            case Bpf.LDX -> X;
            case Bpf.ST, Bpf.STX -> 1 << stmt.k();
            default -> code == (Bpf.MISC | Bpf.TAX) ? X : A;
        };
    }

    private static int reads(Stmt stmt) {
        int code = stmt.code();
        return switch (Bpf.opClass(code)) {
            case Bpf.LD -> Bpf.mode(code) == Bpf.IND ? X : Bpf.mode(code) == Bpf.MEM ? 1 << stmt.k() : 0;
            case Bpf.LDX -> Bpf.mode(code) == Bpf.MEM ? 1 << stmt.k() : 0;
            case Bpf.ST -> A;
            case Bpf.STX -> X;
            case Bpf.ALU -> A | (Bpf.op(code) != Bpf.NEG && Bpf.src(code) == Bpf.X ? X : 0);
            default -> code == (Bpf.MISC | Bpf.TAX) ? A : X;
        };
    }
}
