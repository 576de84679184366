package io.netzer.filter;

import io.netzer.filter.FlowGraph.Block;
import io.netzer.filter.Pred.Stmt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps programs short without changing what they accept: statements that recompute a value a register
 * already holds are dropped, jumps whose outcome earlier jumps decide are threaded to their target,
 * identical blocks are merged and dead statements removed. Like libpcap's optimizer (whose output tcpdump
 * runs), it treats a load whose value is never used as removable even though, run, it might have read past
 * the captured bytes; keeping them would reject packets tcpdump accepts.
 */
final class Optimizer {
    private static final int MAX_PASSES = 100;

    /** Register contents at a point: A, X and M[0..15]. */
    private static final class State {
        SymbolicValue a = new SymbolicValue.Const(0);
        SymbolicValue x = new SymbolicValue.Const(0);
        final SymbolicValue[] memory = new SymbolicValue[Bpf.MEMWORDS];

        State() {
            for (int i = 0; i < memory.length; i++) {
                memory[i] = new SymbolicValue.Unknown();
            }
        }

        State copy() {
            State copy = new State();
            copy.a = a;
            copy.x = x;
            System.arraycopy(memory, 0, copy.memory, 0, memory.length);
            return copy;
        }

        void meet(State other) {
            a = same(a, other.a);
            x = same(x, other.x);
            for (int i = 0; i < memory.length; i++) {
                memory[i] = same(memory[i], other.memory[i]);
            }
        }

        private static SymbolicValue same(SymbolicValue mine, SymbolicValue theirs) {
            return Objects.equals(mine, theirs) ? mine : new SymbolicValue.Unknown();
        }
    }

    /** The analysis of one pass: state and facts where each block's jump is taken. */
    private record Exit(State state, Facts facts) {
    }

    private Optimizer() {
    }

    static void optimize(FlowGraph graph) {
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Map<Block, Exit> exits = analyse(graph, true);
            DeadCode.remove(graph);
            boolean changed = thread(graph, exits);
            changed |= mergeDuplicates(graph);
            if (!changed) {
                break;
            }
        }
        analyse(graph, false);
        DeadCode.remove(graph);
    }

    /**
     * Walks blocks in topological order computing entry state and facts, marks redundant statements, and
     * (when {@code decide}) turns jumps whose outcome is known into unconditional ones.
     */
    private static Map<Block, Exit> analyse(FlowGraph graph, boolean decide) {
        Map<Block, State> entryStates = new HashMap<>();
        Map<Block, Facts> entryFacts = new HashMap<>();
        Map<Block, Exit> exits = new HashMap<>();
        entryStates.put(graph.root, new State());
        entryFacts.put(graph.root, Facts.NONE);
        for (Block block : graph.topologicalOrder()) {
            if (block.isReturn() || !entryStates.containsKey(block)) {
                continue;
            }
            State state = entryStates.get(block).copy();
            Facts facts = entryFacts.get(block);
            for (int i = 0; i < block.stmts.size(); i++) {
                block.keep[i] = !execute(block.stmts.get(i), state);
            }
            if (decide && !block.isUnconditional()) {
                Boolean outcome = outcome(block, state, facts);
                if (outcome != null) {
                    Block target = outcome ? block.whenTrue : block.whenFalse;
                    block.whenTrue = target;
                    block.whenFalse = target;
                }
            }
            exits.put(block, new Exit(state, facts));
            for (Block successor : block.successors()) {
                Facts edge = edgeFacts(block, state, facts, successor == block.whenTrue);
                State known = entryStates.get(successor);
                if (known == null) {
                    entryStates.put(successor, state.copy());
                    entryFacts.put(successor, edge);
                } else {
                    known.meet(state);
                    entryFacts.put(successor, entryFacts.get(successor).meet(edge));
                }
            }
        }
        return exits;
    }

    /**
     * Redirects each edge past blocks whose jump is decided on that edge, when skipping the block is
     * invisible: it cannot divide by zero and nothing it changes is read by the block jumped to. This is
     * what removes the re-tests of the EtherType between the parts of an expression.
     */
    private static boolean thread(FlowGraph graph, Map<Block, Exit> exits) {
        boolean changed = false;
        Map<Block, Integer> liveIn = DeadCode.liveness(graph, false);
        for (Block block : graph.topologicalOrder()) {
            Exit exit = exits.get(block);
            if (block.isReturn() || exit == null) {
                continue;
            }
            for (boolean branch : new boolean[] {true, false}) {
                Block old = branch ? block.whenTrue : block.whenFalse;
                Block target = skip(old, exit.state(), edgeFacts(block, exit.state(), exit.facts(), branch), liveIn);
                if (target != old) {
                    changed = true;
                    if (branch) {
                        block.whenTrue = target;
                    } else {
                        block.whenFalse = target;
                    }
                }
            }
        }
        return changed;
    }

    private static Block skip(Block target, State state, Facts facts, Map<Block, Integer> liveIn) {
        Facts known = facts;
        Block current = target;
        while (!current.isReturn()) {
            State after = state.copy();
            for (Stmt stmt : current.stmts) {
                boolean divides = Bpf.opClass(stmt.code()) == Bpf.ALU && Bpf.src(stmt.code()) == Bpf.X
                        && (Bpf.op(stmt.code()) == Bpf.DIV || Bpf.op(stmt.code()) == Bpf.MOD);
                if (divides) {
                    return current;
                }
                execute(stmt, after);
            }
            Boolean outcome = current.isUnconditional() ? Boolean.TRUE : outcome(current, after, known);
            if (outcome == null) {
                return current;
            }
            Block next = outcome ? current.whenTrue : current.whenFalse;
            if ((liveIn.get(next) & changed(state, after)) != 0) {
                return current;
            }
            known = edgeFacts(current, after, known, outcome);
            current = next;
        }
        return current;
    }

    /** Liveness bits (as in {@link DeadCode}) of the registers whose values differ between two states. */
    private static int changed(State before, State after) {
        int bits = 0;
        for (int i = 0; i < Bpf.MEMWORDS; i++) {
            if (!Objects.equals(before.memory[i], after.memory[i])) {
                bits |= 1 << i;
            }
        }
        if (!Objects.equals(before.a, after.a)) {
            bits |= DeadCode.A;
        }
        if (!Objects.equals(before.x, after.x)) {
            bits |= DeadCode.X;
        }
        return bits;
    }

    private static Boolean outcome(Block block, State state, Facts facts) {
        int op = Bpf.op(block.jumpCode);
        if (Bpf.src(block.jumpCode) == Bpf.X) {
            if (state.x instanceof SymbolicValue.Const c) {
                return facts.decide(state.a, op, c.value() & 0xffffffffL);
            }
            if (state.a.equals(state.x) && op != Bpf.JSET) {
                return op != Bpf.JGT;
            }
            return null;
        }
        return facts.decide(state.a, op, block.k & 0xffffffffL);
    }

    private static Facts edgeFacts(Block block, State state, Facts facts, boolean taken) {
        if (block.isUnconditional()) {
            return facts;
        }
        long k = block.k & 0xffffffffL;
        if (Bpf.src(block.jumpCode) == Bpf.X) {
            if (!(state.x instanceof SymbolicValue.Const c)) {
                return facts;
            }
            k = c.value() & 0xffffffffL;
        }
        return facts.with(state.a, Bpf.op(block.jumpCode), k, taken);
    }

    /**
     * Applies one statement to the state; returns true when it changes nothing (the destination already
     * holds the value), i.e. when it is redundant.
     */
    static boolean execute(Stmt stmt, State state) {
        int code = stmt.code();
        int k = stmt.k();
        switch (Bpf.opClass(code)) {
            case Bpf.LD -> {
                SymbolicValue value = switch (Bpf.mode(code)) {
                    case Bpf.ABS -> new SymbolicValue.Load(code, k, null);
                    case Bpf.IND -> new SymbolicValue.Load(code, k, state.x);
                    case Bpf.IMM -> new SymbolicValue.Const(k);
                    case Bpf.LEN -> new SymbolicValue.Length();
                    default -> state.memory[k];
                };
                boolean same = value.equals(state.a);
                state.a = value;
                return same;
            }
            case Bpf.LDX -> {
                SymbolicValue value = switch (Bpf.mode(code)) {
                    case Bpf.IMM -> new SymbolicValue.Const(k);
                    case Bpf.LEN -> new SymbolicValue.Length();
                    case Bpf.MSH -> new SymbolicValue.HeaderLength(k);
                    default -> state.memory[k];
                };
                boolean same = value.equals(state.x);
                state.x = value;
                return same;
            }
            case Bpf.ST, Bpf.STX -> {
                SymbolicValue value = Bpf.opClass(code) == Bpf.ST ? state.a : state.x;
                boolean same = value.equals(state.memory[k]);
                state.memory[k] = value;
                return same;
            }
            case Bpf.ALU -> {
                int op = Bpf.op(code);
                SymbolicValue operand = op == Bpf.NEG ? null
                        : Bpf.src(code) == Bpf.X ? state.x : new SymbolicValue.Const(k);
                state.a = SymbolicValue.alu(op, state.a, operand);
                return false;
            }
            default -> {
                boolean toX = code == (Bpf.MISC | Bpf.TAX);
                boolean same = state.a.equals(state.x);
                if (toX) {
                    state.x = state.a;
                } else {
                    state.a = state.x;
                }
                return same;
            }
        }
    }

    /** Merges blocks with the same statements, jump and successors, leaves first. */
    private static boolean mergeDuplicates(FlowGraph graph) {
        List<Block> order = graph.topologicalOrder();
        Map<List<Object>, Block> canonical = new HashMap<>();
        Map<Block, Block> replacement = new HashMap<>();
        boolean changed = false;
        for (int i = order.size() - 1; i >= 0; i--) {
            Block block = order.get(i);
            if (block.isReturn()) {
                continue;
            }
            block.whenTrue = replacement.getOrDefault(block.whenTrue, block.whenTrue);
            block.whenFalse = replacement.getOrDefault(block.whenFalse, block.whenFalse);
            boolean unconditional = block.isUnconditional();
            List<Object> key = List.of(block.stmts, unconditional ? -1 : block.jumpCode, unconditional ? 0 : block.k,
                    block.whenTrue.id, block.whenFalse.id);
            Block existing = canonical.putIfAbsent(key, block);
            if (existing != null && existing != block) {
                replacement.put(block, existing);
                changed = true;
            }
        }
        for (Block block : order) {
            if (!block.isReturn()) {
                block.whenTrue = replacement.getOrDefault(block.whenTrue, block.whenTrue);
                block.whenFalse = replacement.getOrDefault(block.whenFalse, block.whenFalse);
            }
        }
        graph.root = replacement.getOrDefault(graph.root, graph.root);
        return changed;
    }
}
