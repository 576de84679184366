package io.netzer.filter;

import io.netzer.filter.FlowGraph.Block;
import io.netzer.filter.Pred.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays the block graph out as a linear program. Blocks are placed in topological order, preferring to put a
 * block's false (or only) successor right after it so that the jump falls through; conditional offsets are
 * eight bits, so a target further than 255 instructions is reached through an inserted {@code ja}.
 */
final class Assembler {
    private Assembler() {
    }

    static BpfProgram assemble(FlowGraph graph) {
        List<Block> layout = layout(graph);
        while (true) {
            Map<Block, Integer> start = new HashMap<>();
            int pc = 0;
            for (Block block : layout) {
                start.put(block, pc);
                pc += size(block, layout);
            }
            if (!insertTrampoline(graph, layout, start)) {
                return emit(layout, start, pc);
            }
        }
    }

    private static List<Block> layout(FlowGraph graph) {
        List<Block> order = graph.topologicalOrder();
        Map<Block, Integer> pending = new HashMap<>();
        for (Block block : order) {
            for (Block successor : block.successors()) {
                pending.merge(successor, 1, Integer::sum);
            }
        }
        List<Block> layout = new ArrayList<>();
        Set<Block> ready = new HashSet<>();
        Block next = graph.root;
        while (next != null) {
            layout.add(next);
            ready.remove(next);
            for (Block successor : next.successors()) {
                if (pending.merge(successor, -1, Integer::sum) == 0) {
                    ready.add(successor);
                }
            }
            Block preferred = next.isReturn() ? null : next.whenFalse;
            next = preferred != null && ready.contains(preferred) && !preferred.isReturn() ? preferred : null;
            if (next == null) {
                next = ready.stream().filter(b -> !b.isReturn()).min((x, y) -> Integer.compare(x.id, y.id))
                        .orElse(ready.stream().min((x, y) -> Integer.compare(y.id, x.id)).orElse(null));
            }
        }
        return layout;
    }

    /** Instructions a block takes: kept statements, plus its jump unless it falls through. */
    private static int size(Block block, List<Block> layout) {
        int count = 0;
        for (boolean keep : block.keep) {
            count += keep ? 1 : 0;
        }
        if (block.isReturn()) {
            return count + 1;
        }
        if (block.isUnconditional()) {
            int index = layout.indexOf(block);
            boolean fallsThrough = index + 1 < layout.size() && layout.get(index + 1) == block.whenTrue;
            return count + (fallsThrough ? 0 : 1);
        }
        return count + 1;
    }

    /** Finds one conditional jump too far for eight bits and routes it through a new {@code ja} block. */
    private static boolean insertTrampoline(FlowGraph graph, List<Block> layout, Map<Block, Integer> start) {
        for (int i = 0; i < layout.size(); i++) {
            Block block = layout.get(i);
            if (block.isReturn() || block.isUnconditional()) {
                continue;
            }
            int jumpAt = start.get(block) + size(block, layout) - 1;
            for (boolean branch : new boolean[] {true, false}) {
                Block target = branch ? block.whenTrue : block.whenFalse;
                if (start.get(target) - jumpAt - 1 > 255) {
                    Block trampoline = graph.jump(List.of(), target);
                    layout.add(i + 1, trampoline);
                    if (branch) {
                        block.whenTrue = trampoline;
                    } else {
                        block.whenFalse = trampoline;
                    }
                    return true;
                }
            }
        }
        return false;
    }

    private static BpfProgram emit(List<Block> layout, Map<Block, Integer> start, int length) {
        if (length > Bpf.MAXINSNS) {
            throw new FilterSyntaxException(1, "expression compiles to " + length
                    + " instructions, more than the kernel's limit of " + Bpf.MAXINSNS);
        }
        int[] code = new int[length];
        int[] jt = new int[length];
        int[] jf = new int[length];
        int[] k = new int[length];
        int pc = 0;
        for (Block block : layout) {
            for (int s = 0; s < block.stmts.size(); s++) {
                if (block.keep[s]) {
                    Stmt stmt = block.stmts.get(s);
                    code[pc] = stmt.code();
                    k[pc] = stmt.k();
                    pc++;
                }
            }
            if (block.isReturn()) {
                code[pc] = block.jumpCode;
                k[pc] = block.k;
                pc++;
            } else if (block.isUnconditional()) {
                int target = start.get(block.whenTrue);
                if (target != pc) {
                    code[pc] = Bpf.JMP | Bpf.JA;
                    k[pc] = target - pc - 1;
                    pc++;
                }
            } else {
                code[pc] = block.jumpCode;
                k[pc] = block.k;
                jt[pc] = start.get(block.whenTrue) - pc - 1;
                jf[pc] = start.get(block.whenFalse) - pc - 1;
                pc++;
            }
        }
        return BpfProgram.of(code, jt, jf, k);
    }
}
