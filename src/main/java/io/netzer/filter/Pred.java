package io.netzer.filter;

import java.util.List;

/**
 * A boolean predicate over a packet before it becomes a control-flow graph: atoms are straight-line
 * statements followed by one conditional jump, combined with and/or/not. Code generation builds these in
 * source order (so {@code vlan} shifts only what follows it, as in libpcap) and {@link FlowGraph} wires them.
 */
sealed interface Pred {
    /** A non-jump instruction. */
    record Stmt(int code, int k) {
    }

    /** Runs {@code stmts}, then jumps on {@code A jumpCode k} (or on X when the code says so). */
    record Atom(List<Stmt> stmts, int jumpCode, int k) implements Pred {
        public Atom {
            stmts = List.copyOf(stmts);
        }
    }

    record And(Pred left, Pred right) implements Pred {
    }

    record Or(Pred left, Pred right) implements Pred {
    }

    record Not(Pred operand) implements Pred {
    }

    record Const(boolean value) implements Pred {
    }

    /** Runs {@code stmts} and holds: what a matched primitive must do for those after it (offsets kept). */
    record Effect(List<Stmt> stmts) implements Pred {
        public Effect {
            stmts = List.copyOf(stmts);
        }
    }

    Pred TRUE = new Const(true);
    Pred FALSE = new Const(false);

    static Pred and(Pred left, Pred right) {
        return new And(left, right);
    }

    static Pred or(Pred left, Pred right) {
        return new Or(left, right);
    }

    static Pred not(Pred operand) {
        return new Not(operand);
    }

    static Stmt stmt(int code, int k) {
        return new Stmt(code, k);
    }
}
