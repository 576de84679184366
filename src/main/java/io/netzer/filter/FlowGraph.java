package io.netzer.filter;

import io.netzer.filter.Pred.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The program as a directed acyclic graph of basic blocks: statements, then a conditional jump with a true
 * and a false successor, an unconditional jump (both successors equal), or a return. Built from a
 * {@link Pred} by short-circuit evaluation; classic BPF only jumps forward, which a DAG guarantees.
 */
final class FlowGraph {
    /** A basic block; mutable while the optimizer rewires it. */
    static final class Block {
        final int id;
        final List<Stmt> stmts;
        final int jumpCode;
        final int k;
        Block whenTrue;
        Block whenFalse;
        /** Per statement: emitted or dropped, decided by the optimizer's last analysis. */
        boolean[] keep;

        Block(int id, List<Stmt> stmts, int jumpCode, int k, Block whenTrue, Block whenFalse) {
            this.id = id;
            this.stmts = stmts;
            this.jumpCode = jumpCode;
            this.k = k;
            this.whenTrue = whenTrue;
            this.whenFalse = whenFalse;
            this.keep = new boolean[stmts.size()];
            Arrays.fill(keep, true);
        }

        boolean isReturn() {
            return Bpf.opClass(jumpCode) == Bpf.RET;
        }

        /** An unconditional jump: no test, or a test whose outcome no longer matters. */
        boolean isUnconditional() {
            return !isReturn() && whenTrue == whenFalse;
        }

        List<Block> successors() {
            if (isReturn()) {
                return List.of();
            }
            return whenTrue == whenFalse ? List.of(whenTrue) : List.of(whenTrue, whenFalse);
        }
    }

    final Block accept;
    final Block reject;
    Block root;
    private int nextId;

    private FlowGraph(int snaplen) {
        reject = new Block(nextId++, List.of(), Bpf.RET | Bpf.K, 0, null, null);
        accept = new Block(nextId++, List.of(), Bpf.RET | Bpf.K, snaplen, null, null);
    }

    /** Wires {@code predicate} to accept or reject, after {@code prologue}. */
    static FlowGraph build(Pred predicate, List<Stmt> prologue, int snaplen) {
        FlowGraph graph = new FlowGraph(snaplen);
        Block entry = graph.wire(predicate, graph.accept, graph.reject);
        if (!prologue.isEmpty()) {
            entry = graph.jump(prologue, entry);
        }
        graph.root = entry;
        return graph;
    }

    private Block wire(Pred pred, Block whenTrue, Block whenFalse) {
        return switch (pred) {
            case Pred.Atom atom -> new Block(nextId++, atom.stmts(), atom.jumpCode(), atom.k(), whenTrue, whenFalse);
            case Pred.And and -> wire(and.left(), wire(and.right(), whenTrue, whenFalse), whenFalse);
            case Pred.Or or -> wire(or.left(), whenTrue, wire(or.right(), whenTrue, whenFalse));
            case Pred.Not not -> wire(not.operand(), whenFalse, whenTrue);
            case Pred.Const constant -> constant.value() ? whenTrue : whenFalse;
            case Pred.Effect effect -> jump(effect.stmts(), whenTrue);
        };
    }

    /** A new block running {@code stmts} then going to {@code target}. */
    Block jump(List<Stmt> stmts, Block target) {
        return new Block(nextId++, stmts, Bpf.JMP | Bpf.JA, 0, target, target);
    }

    /** Blocks reachable from the root, each after all of its predecessors. */
    List<Block> topologicalOrder() {
        List<Block> postOrder = new ArrayList<>();
        Set<Block> seen = new HashSet<>();
        Deque<Block> stack = new ArrayDeque<>();
        Deque<Integer> nextChild = new ArrayDeque<>();
        stack.push(root);
        nextChild.push(0);
        seen.add(root);
        while (!stack.isEmpty()) {
            Block top = stack.peek();
            int child = nextChild.pop();
            List<Block> successors = top.successors();
            if (child < successors.size()) {
                nextChild.push(child + 1);
                Block next = successors.get(child);
                if (seen.add(next)) {
                    stack.push(next);
                    nextChild.push(0);
                }
            } else {
                stack.pop();
                postOrder.add(top);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
