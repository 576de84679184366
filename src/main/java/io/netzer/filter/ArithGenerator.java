package io.netzer.filter;

import io.netzer.filter.Ast.Arith;
import io.netzer.filter.PacketAccess.Base;
import io.netzer.filter.Pred.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Code for comparisons of packet data ({@code tcp[13] & 2 != 0}). Each value is computed into A; the
 * protocol checks its loads need (libpcap's {@code inst->b}) are collected as guards and tested before
 * any of the arithmetic, in source order, as libpcap's gen_relation does. Constant sub-expressions are
 * folded, with libpcap's errors for a constant zero divisor or a shift past 31 bits.
 */
final class ArithGenerator {
    /** A value: code leaving it in A (or a constant), and the guards that must hold first. */
    private record Value(List<Stmt> code, Long constant, List<Pred> guards) {
        boolean isConstant() {
            return constant != null;
        }

        List<Stmt> intoA() {
            return isConstant() ? List.of(Pred.stmt(Bpf.LD | Bpf.IMM, (int) (long) constant)) : code;
        }
    }

    private final PacketAccess access;
    private final TransportGenerator transport;
    private int nextRegister;

    ArithGenerator(PacketAccess access, TransportGenerator transport) {
        this.access = access;
        this.transport = transport;
    }

    Pred relation(Ast.Relation relation) {
        Value right = value(relation.right());
        int register = right.isConstant() ? -1 : allocate(relation.column());
        Value left = value(relation.left());
        Pred compare;
        if (left.isConstant() && right.isConstant()) {
            compare = new Pred.Const(decide(relation.op(), left.constant(), right.constant()));
        } else if (right.isConstant()) {
            compare = new Pred.Atom(left.intoA(), Bpf.JMP | relation.op() | Bpf.K, (int) (long) right.constant());
        } else {
            nextRegister--;
            List<Stmt> code = new ArrayList<>(right.code());
            if (left.isConstant()) {
                code.add(Pred.stmt(Bpf.MISC | Bpf.TAX, 0));
                code.add(Pred.stmt(Bpf.LD | Bpf.IMM, (int) (long) left.constant()));
            } else {
                code.add(Pred.stmt(Bpf.ST, register));
                code.addAll(left.code());
                code.add(Pred.stmt(Bpf.LDX | Bpf.MEM, register));
            }
            compare = new Pred.Atom(code, Bpf.JMP | relation.op() | Bpf.X, 0);
        }
        if (relation.negate()) {
            compare = Pred.not(compare);
        }
        List<Pred> guards = new ArrayList<>(left.guards());
        right.guards().stream().filter(g -> !guards.contains(g)).forEach(guards::add);
        Pred result = null;
        for (Pred guard : guards) {
            result = result == null ? guard : Pred.and(result, guard);
        }
        return result == null ? compare : Pred.and(result, compare);
    }

    private static boolean decide(int op, long left, long right) {
        return switch (op) {
            case Bpf.JEQ -> left == right;
            case Bpf.JGT -> left > right;
            default -> left >= right;
        };
    }

    private Value value(Arith arith) {
        return switch (arith) {
            case Ast.Num num -> new Value(List.of(), num.value(), List.of());
            case Ast.PacketLength ignored -> new Value(List.of(Pred.stmt(Bpf.LD | Bpf.W | Bpf.LEN, 0)), null,
                    List.of());
            case Ast.Negate negate -> {
                Value operand = value(negate.operand());
                if (operand.isConstant()) {
                    yield new Value(List.of(), -operand.constant() & 0xffffffffL, List.of());
                }
                yield new Value(append(operand.code(), Pred.stmt(Bpf.ALU | Bpf.NEG, 0)), null, operand.guards());
            }
            case Ast.Binary binary -> binary(binary);
            case Ast.Load load -> load(load);
        };
    }

    private Value binary(Ast.Binary binary) {
        Value right = value(binary.right());
        int op = binary.op();
        checkOperand(op, leftmostNumber(binary.right()), binary.column());
        checkOperand(op, right.constant(), binary.column());
        int register = right.isConstant() ? -1 : allocate(binary.column());
        Value left = value(binary.left());
        List<Pred> guards = new ArrayList<>(left.guards());
        right.guards().stream().filter(g -> !guards.contains(g)).forEach(guards::add);
        if (left.isConstant() && right.isConstant()) {
            return new Value(List.of(), fold(op, left.constant(), right.constant()), List.of());
        }
        List<Stmt> code;
        if (right.isConstant()) {
            code = append(left.intoA(), Pred.stmt(Bpf.ALU | op | Bpf.K, (int) (long) right.constant()));
        } else if (left.isConstant()) {
            nextRegister--;
            code = new ArrayList<>(right.code());
            code.add(Pred.stmt(Bpf.MISC | Bpf.TAX, 0));
            code.add(Pred.stmt(Bpf.LD | Bpf.IMM, (int) (long) left.constant()));
            code.add(Pred.stmt(Bpf.ALU | op | Bpf.X, 0));
        } else {
            nextRegister--;
            code = new ArrayList<>(right.code());
            code.add(Pred.stmt(Bpf.ST, register));
            code.addAll(left.code());
            code.add(Pred.stmt(Bpf.LDX | Bpf.MEM, register));
            code.add(Pred.stmt(Bpf.ALU | op | Bpf.X, 0));
        }
        return new Value(code, null, guards);
    }

    /** libpcap's compile-time errors for a constant divisor of zero or a constant shift past 31 bits. */
    private static void checkOperand(int op, Long constant, int column) {
        if (constant == null) {
            return;
        }
        if (op == Bpf.DIV && constant == 0) {
            throw new FilterSyntaxException(column, "division by zero");
        }
        if (op == Bpf.MOD && constant == 0) {
            throw new FilterSyntaxException(column, "modulus by zero");
        }
        if ((op == Bpf.LSH || op == Bpf.RSH) && constant > 31) {
            throw new FilterSyntaxException(column, "shift by more than 31 bits");
        }
    }

    /**
     * The number libpcap's gen_arth sees when it checks a divisor or shift count: it looks only at the first
     * statement of the right operand's code, which is the load of its leftmost number (an index counts:
     * {@code ip[0]} starts with {@code ld #0}). So {@code x / ip[0]} is refused as a division by zero, and
     * NetZer refuses it too, to accept exactly the expressions tcpdump accepts.
     */
    private static Long leftmostNumber(Arith arith) {
        return switch (arith) {
            case Ast.Num num -> num.value();
            case Ast.PacketLength ignored -> null;
            case Ast.Negate negate -> leftmostNumber(negate.operand());
            case Ast.Binary binary -> leftmostNumber(binary.left());
            case Ast.Load load -> leftmostNumber(load.index());
        };
    }

    /** Unsigned 32-bit arithmetic as the BPF machine does it. */
    private static long fold(int op, long a, long b) {
        long result = switch (op) {
            case Bpf.ADD -> a + b;
            case Bpf.SUB -> a - b;
            case Bpf.MUL -> a * b;
            case Bpf.DIV -> a / b;
            case Bpf.MOD -> a % b;
            case Bpf.AND -> a & b;
            case Bpf.OR -> a | b;
            case Bpf.XOR -> a ^ b;
            case Bpf.LSH -> a << b;
            default -> a >>> b;
        };
        return result & 0xffffffffL;
    }

    private Value load(Ast.Load load) {
        int size = switch ((int) Math.min(load.size(), 8)) {
            case 1 -> 1;
            case 2 -> 2;
            case 4 -> 4;
            default -> throw new FilterSyntaxException(load.column(), "data size must be 1, 2, or 4");
        };
        int sizeField = size == 4 ? Bpf.W : size == 2 ? Bpf.H : Bpf.B;
        Value index = value(load.index());
        List<Pred> guards = new ArrayList<>(index.guards());
        Pred guard;
        List<Stmt> code = new ArrayList<>();
        switch (load.proto()) {
            case LINK -> {
                guard = null;
                indexed(code, index, access.headerIntoX(), 0, sizeField);
            }
            case IP, ARP, RARP, IP6 -> {
                guard = transport.abbrev(load.proto(), load.column());
                indexed(code, index, access.variablePartIntoX(), access.payloadOffset(), sizeField);
            }
            case ICMP6 -> {
                guard = Pred.and(transport.abbrev(Ast.Proto.IP6, load.column()),
                        access.cmp(Base.LINK_PAYLOAD, 6, 1, 58));
                indexed(code, index, access.variablePartIntoX(), access.payloadOffset() + 40, sizeField);
            }
            case TCP, UDP, SCTP, ICMP, IGMP, IGRP, PIM, VRRP, CARP -> {
                guard = Pred.and(ipv4Protocol(load.proto()), transport.firstFragment());
                indexed(code, index, access.loadIpHeaderLengthIntoX(), access.payloadOffset(), sizeField);
            }
            default -> throw new FilterSyntaxException(load.column(), "unsupported index operation");
        }
        if (guard != null && !guards.contains(guard)) {
            guards.add(guard);
        }
        return new Value(code, null, guards);
    }

    /**
     * Transport-layer data is only reachable through IPv4 here: libpcap generates the IPv6 branch too, but its
     * fragment test reads the IPv6 next-header byte, which is never zero for these protocols, so its optimizer
     * deletes that branch; generating the IPv4 test alone gives the same loads and results.
     */
    private Pred ipv4Protocol(Ast.Proto proto) {
        int number = switch (proto) {
            case TCP -> AddressGenerator.IPPROTO_TCP;
            case UDP -> AddressGenerator.IPPROTO_UDP;
            case SCTP -> AddressGenerator.IPPROTO_SCTP;
            case ICMP -> 1;
            case IGMP -> 2;
            case IGRP -> 9;
            case PIM -> 103;
            default -> 112;
        };
        return Pred.and(access.linkType(PacketAccess.ETHERTYPE_IP), access.cmp(Base.LINK_PAYLOAD, 9, 1, number));
    }

    /** [x + base + index] where {@code baseIntoX} puts the run-time part of the base into X. */
    private void indexed(List<Stmt> code, Value index, List<Stmt> baseIntoX, int base, int sizeField) {
        if (index.isConstant()) {
            long offset = base + index.constant();
            if (baseIntoX.isEmpty()) {
                code.add(Pred.stmt(Bpf.LD | sizeField | Bpf.ABS, (int) offset));
            } else {
                code.addAll(baseIntoX);
                code.add(Pred.stmt(Bpf.LD | sizeField | Bpf.IND, (int) offset));
            }
            return;
        }
        if (baseIntoX.isEmpty()) {
            code.addAll(index.code());
            code.add(Pred.stmt(Bpf.MISC | Bpf.TAX, 0));
        } else {
            int register = allocate(0);
            code.addAll(index.code());
            code.add(Pred.stmt(Bpf.ST, register));
            code.addAll(baseIntoX);
            code.add(Pred.stmt(Bpf.LD | Bpf.MEM, register));
            code.add(Pred.stmt(Bpf.ALU | Bpf.ADD | Bpf.X, 0));
            code.add(Pred.stmt(Bpf.MISC | Bpf.TAX, 0));
            nextRegister--;
        }
        code.add(Pred.stmt(Bpf.LD | sizeField | Bpf.IND, base));
    }

    private int allocate(int column) {
        if (nextRegister >= access.firstReserved()) {
            throw new FilterSyntaxException(Math.max(column, 1), "too many registers needed to evaluate expression");
        }
        return nextRegister++;
    }

    private static List<Stmt> append(List<Stmt> code, Stmt stmt) {
        List<Stmt> result = new ArrayList<>(code);
        result.add(stmt);
        return result;
    }
}
