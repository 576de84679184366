package io.netzer.filter;

import io.netzer.filter.Ast.Arith;
import io.netzer.filter.Ast.Proto;
import io.netzer.filter.Token.Kind;
import java.util.ArrayDeque;
import java.util.Deque;

/** Shift-reduce parser for arithmetic, reproducing the precedences yacc derives from grammar.y. */
final class ArithParser {
    private static final int UNARY_MINUS = -1;

    private ArithParser() {
    }

    static Arith parse(Parser p) {
        p.enter();
        Deque<Arith> operands = new ArrayDeque<>();
        Deque<Token> operators = new ArrayDeque<>();
        while (true) {
            while (p.peek().kind() == Kind.MINUS) {
                operators.push(new Token(Kind.MINUS, "-", UNARY_MINUS, p.next().column()));
            }
            operands.push(primary(p));
            Token op = p.peek();
            if (aluOp(op.kind()) < 0) {
                break;
            }
            while (!operators.isEmpty() && reduceBefore(operators.peek(), op)) {
                reduce(operands, operators);
            }
            operators.push(p.next());
        }
        while (!operators.isEmpty()) {
            reduce(operands, operators);
        }
        p.leave();
        return operands.pop();
    }

    /**
     * '%' and '^' have no declared precedence in libpcap's grammar, so yacc always shifts around them;
     * the others are left-associative with the usual C ordering and unary minus above all.
     */
    private static boolean reduceBefore(Token top, Token lookahead) {
        int topPrecedence = precedence(top);
        int lookPrecedence = precedence(lookahead);
        return topPrecedence > 0 && lookPrecedence > 0 && topPrecedence >= lookPrecedence;
    }

    private static int precedence(Token op) {
        if (op.kind() == Kind.MINUS && op.number() == UNARY_MINUS) {
            return 6;
        }
        return switch (op.kind()) {
            case PIPE -> 1;
            case AMP -> 2;
            case LSH, RSH -> 3;
            case PLUS, MINUS -> 4;
            case STAR, SLASH -> 5;
            default -> 0;
        };
    }

    private static void reduce(Deque<Arith> operands, Deque<Token> operators) {
        Token op = operators.pop();
        if (op.kind() == Kind.MINUS && op.number() == UNARY_MINUS) {
            operands.push(new Ast.Negate(operands.pop()));
            return;
        }
        Arith right = operands.pop();
        Arith left = operands.pop();
        operands.push(new Ast.Binary(aluOp(op.kind()), left, right, op.column()));
    }

    private static int aluOp(Kind kind) {
        return switch (kind) {
            case PLUS -> Bpf.ADD;
            case MINUS -> Bpf.SUB;
            case STAR -> Bpf.MUL;
            case SLASH -> Bpf.DIV;
            case PERCENT -> Bpf.MOD;
            case AMP -> Bpf.AND;
            case PIPE -> Bpf.OR;
            case CARET -> Bpf.XOR;
            case LSH -> Bpf.LSH;
            case RSH -> Bpf.RSH;
            default -> -1;
        };
    }

    private static Arith primary(Parser p) {
        Token token = p.peek();
        switch (token.kind()) {
            case NUM -> {
                return new Ast.Num(p.next().number());
            }
            case LEN -> {
                p.next();
                return new Ast.PacketLength();
            }
            case LPAREN -> {
                p.next();
                Arith inner = parse(p);
                p.expect(Kind.RPAREN, "')'");
                return inner;
            }
            default -> {
                Proto proto = Parser.protocol(token.kind());
                if (proto == null) {
                    if (token.kind() == Kind.UNSUPPORTED) {
                        throw new FilterSyntaxException(token.column(), "'" + token.text()
                                + "' is not supported");
                    }
                    throw p.error("a number, 'len' or a packet field like 'ip[0]'");
                }
                p.next();
                p.expect(Kind.LBRACKET, "'['");
                Arith index = parse(p);
                long size = 1;
                if (p.peek().kind() == Kind.COLON) {
                    p.next();
                    size = p.expect(Kind.NUM, "a size of 1, 2 or 4").number();
                }
                p.expect(Kind.RBRACKET, "']'");
                return new Ast.Load(proto, index, size, token.column());
            }
        }
    }
}
