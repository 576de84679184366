package io.netzer.filter;

/**
 * A value as the optimizer knows it: a constant, a packet load (packets are immutable, so equal loads give
 * equal values), the packet length, an IPv4 header length, an ALU result, or an unknown value that equals
 * only itself (where paths with different values meet).
 */
sealed interface SymbolicValue {
    record Const(int value) implements SymbolicValue {
    }

    /** A load with opcode {@code code} at {@code k}, plus X's value for indexed loads (else null). */
    record Load(int code, int k, SymbolicValue index) implements SymbolicValue {
    }

    record Length() implements SymbolicValue {
    }

    record HeaderLength(int k) implements SymbolicValue {
    }

    /** {@code left op right}; right is null for negation. */
    record Alu(int op, SymbolicValue left, SymbolicValue right) implements SymbolicValue {
    }

    /** Identity semantics: two unknowns are never known to be equal. */
    final class Unknown implements SymbolicValue {
    }

    /**
     * The result of an ALU operation, folded when both operands are constants (and no division by zero) or
     * when a zero operand decides it ({@code and #0}, as a /0 network mask produces).
     */
    static SymbolicValue alu(int op, SymbolicValue left, SymbolicValue right) {
        if ((op == Bpf.AND || op == Bpf.MUL) && right instanceof Const c && c.value() == 0) {
            return c;
        }
        if (left instanceof Const a && (right == null || right instanceof Const)) {
            int x = a.value();
            if (right == null) {
                return new Const(-x);
            }
            int y = ((Const) right).value();
            Integer folded = switch (op) {
                case Bpf.ADD -> x + y;
                case Bpf.SUB -> x - y;
                case Bpf.MUL -> x * y;
                case Bpf.DIV -> y == 0 ? null : Integer.divideUnsigned(x, y);
                case Bpf.MOD -> y == 0 ? null : Integer.remainderUnsigned(x, y);
                case Bpf.AND -> x & y;
                case Bpf.OR -> x | y;
                case Bpf.XOR -> x ^ y;
                case Bpf.LSH -> Integer.compareUnsigned(y, 32) < 0 ? x << y : 0;
                default -> Integer.compareUnsigned(y, 32) < 0 ? x >>> y : 0;
            };
            if (folded != null) {
                return new Const(folded);
            }
        }
        return new Alu(op, left, right);
    }
}
