package io.netzer.filter;

import io.netzer.filter.Ast.Addr;
import io.netzer.filter.Ast.Arith;
import io.netzer.filter.Ast.Dir;
import io.netzer.filter.Ast.IdForm;
import io.netzer.filter.Ast.Node;
import io.netzer.filter.Ast.Proto;
import io.netzer.filter.Ast.Qual;
import io.netzer.filter.Token.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recursive-descent parser for libpcap's grammar. {@code and} and {@code or} share one precedence and
 * associate to the left, as in libpcap; after {@code and}/{@code or} a bare identifier repeats the previous
 * qualifiers ({@code port 80 or 443}). Where the grammar needs more than one token of look-ahead (a
 * parenthesis may open an expression, an identifier list or arithmetic) the parser backtracks; failed
 * attempts are remembered per position so the work stays polynomial, and the error reported is the one
 * that got furthest.
 */
final class Parser {
    private static final int MAX_DEPTH = 200;

    private final List<Token> tokens;
    private final Set<Long> failed = new HashSet<>();
    private int pos;
    private int depth;
    private FilterSyntaxException furthest;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses an expression; returns null for an empty one (which accepts every packet). */
    static Node parse(String expression) {
        Parser parser = new Parser(Lexer.tokenize(expression));
        if (parser.peek().kind() == Kind.END) {
            return null;
        }
        try {
            Node node = parser.expression();
            if (parser.peek().kind() != Kind.END) {
                throw parser.error("'and', 'or' or the end of the expression");
            }
            return node;
        } catch (FilterSyntaxException e) {
            throw parser.furthest != null && parser.furthest.column() >= e.column() ? parser.furthest : e;
        }
    }

    /** A term together with the qualifiers a following bare identifier would repeat (null: the caller's). */
    private record Term(Node node, Qual qual) {
    }

    private Node expression() {
        return expression(Qual.NONE);
    }

    private Node expression(Qual outer) {
        enter();
        Term first = term(outer);
        Node node = first.node();
        Qual qual = first.qual() == null ? outer : first.qual();
        while (peek().kind() == Kind.AND || peek().kind() == Kind.OR) {
            boolean and = next().kind() == Kind.AND;
            Term right = termOrId(qual);
            node = and ? new Ast.And(node, right.node()) : new Ast.Or(node, right.node());
            qual = right.qual() == null ? qual : right.qual();
        }
        depth--;
        return node;
    }

    /** After and/or: a full term, or else an identifier that inherits the qualifiers. */
    private Term termOrId(Qual qual) {
        Kind kind = peek().kind();
        if (kind == Kind.UNSUPPORTED) {
            return term(qual);
        }
        if (canStartTerm(kind)) {
            try {
                return attempt(1, () -> term(qual));
            } catch (FilterSyntaxException e) {
                // not a term: read it as an identifier with the inherited qualifiers
            }
        }
        return new Term(id(qual), qual);
    }

    private static boolean canStartTerm(Kind kind) {
        return switch (kind) {
            case NOT, LPAREN, SRC, DST, HOST, NET, PORT, PORTRANGE, PROTO, BROADCAST, MULTICAST, LESS, GREATER, VLAN,
                    GENEVE, INBOUND, OUTBOUND, NUM, LEN, MINUS -> true;
            default -> protocol(kind) != null;
        };
    }

    private Term term(Qual outer) {
        if (peek().kind() == Kind.NOT) {
            next();
            Term inner = term(outer);
            return new Term(new Ast.Not(inner.node()), inner.qual());
        }
        return rterm(outer);
    }

    private Term rterm(Qual outer) {
        Token token = peek();
        switch (token.kind()) {
            case LPAREN -> {
                try {
                    Node node = attempt(2, () -> {
                        next();
                        Node inner = expression(outer);
                        expect(Kind.RPAREN, "')'");
                        return inner;
                    });
                    return new Term(node, null);
                } catch (FilterSyntaxException e) {
                    return relation();
                }
            }
            case SRC, DST, HOST, NET, PORT, PORTRANGE, PROTO -> {
                return head(Proto.DEFAULT);
            }
            case BROADCAST, MULTICAST, LESS, GREATER, VLAN, GENEVE -> {
                return new Term(other(Proto.DEFAULT), Qual.NONE);
            }
            case INBOUND, OUTBOUND -> {
                next();
                return new Term(new Ast.Direction(token.kind() == Kind.OUTBOUND, token.column()), Qual.NONE);
            }
            case UNSUPPORTED -> throw new FilterSyntaxException(token.column(), "'" + token.text()
                    + "' is not supported");
            default -> {
                Proto proto = protocol(token.kind());
                if (proto == null) {
                    return relation();
                }
                return protocolTerm(proto);
            }
        }
    }

    private Term protocolTerm(Proto proto) {
        Token name = peek();
        Kind after = lookahead(1).kind();
        switch (after) {
            case LBRACKET -> {
                return relation();
            }
            case SRC, DST, HOST, NET, PORT, PORTRANGE, PROTO -> {
                next();
                return head(proto);
            }
            case BROADCAST, MULTICAST -> {
                next();
                return new Term(other(proto), Qual.NONE);
            }
            default -> {
                next();
                return new Term(new Ast.Abbrev(proto, name.column()), Qual.NONE);
            }
        }
    }

    private Term head(Proto proto) {
        Dir dir = Dir.DEFAULT;
        Addr addr = Addr.DEFAULT;
        Token keyword = peek();
        if (peek().kind() == Kind.SRC || peek().kind() == Kind.DST) {
            boolean src = next().kind() == Kind.SRC;
            dir = src ? Dir.SRC : Dir.DST;
            Kind joiner = peek().kind();
            Kind other = lookahead(1).kind();
            if ((joiner == Kind.AND || joiner == Kind.OR) && other == (src ? Kind.DST : Kind.SRC)) {
                next();
                keyword = next();
                dir = joiner == Kind.AND ? Dir.AND : Dir.OR;
            }
        }
        switch (peek().kind()) {
            case HOST -> addr = Addr.HOST;
            case NET -> addr = Addr.NET;
            case PORT -> addr = Addr.PORT;
            case PORTRANGE -> addr = Addr.PORTRANGE;
            case PROTO -> addr = dir == Dir.DEFAULT ? Addr.PROTO : null;
            default -> addr = Addr.DEFAULT;
        }
        if (addr == null) {
            throw error("'host', 'net', 'port', 'portrange' or an address");
        }
        if (addr != Addr.DEFAULT) {
            keyword = next();
        }
        Qual qual = new Qual(proto, dir, addr, keyword.text());
        return new Term(id(qual), qual);
    }

    /** An identifier, a negated one, or a parenthesised list of them joined by and/or. */
    private Node id(Qual qual) {
        enter();
        Token token = peek();
        Node result;
        switch (token.kind()) {
            case NOT -> {
                next();
                result = new Ast.Not(id(qual));
            }
            case LPAREN -> {
                next();
                Node node = id(qual);
                while (peek().kind() == Kind.AND || peek().kind() == Kind.OR) {
                    boolean and = next().kind() == Kind.AND;
                    Node right = id(qual);
                    node = and ? new Ast.And(node, right) : new Ast.Or(node, right);
                }
                expect(Kind.RPAREN, "')'");
                result = node;
            }
            case NUM -> result = new Ast.Id(qual, IdForm.NUM, next(), null);
            case ID -> result = new Ast.Id(qual, IdForm.NAME, next(), null);
            case EID -> result = new Ast.Id(qual, IdForm.EID, next(), null);
            case HID -> {
                next();
                if (peek().kind() == Kind.SLASH) {
                    next();
                    result = new Ast.Id(qual, IdForm.HID_CIDR, token, expect(Kind.NUM, "a prefix length"));
                } else if (peek().kind() == Kind.MASK) {
                    next();
                    result = new Ast.Id(qual, IdForm.HID_MASK, token, expect(Kind.HID, "a netmask"));
                } else {
                    result = new Ast.Id(qual, IdForm.HID, token, null);
                }
            }
            case HID6 -> {
                next();
                if (peek().kind() == Kind.SLASH) {
                    next();
                    result = new Ast.Id(qual, IdForm.HID6_CIDR, token, expect(Kind.NUM, "a prefix length"));
                } else {
                    result = new Ast.Id(qual, IdForm.HID6, token, null);
                }
            }
            default -> throw error(switch (qual.addr()) {
                case NET -> "a network address";
                case PORT -> "a port number or name";
                case PORTRANGE -> "a port range";
                case PROTO -> "a protocol number or name";
                case UNDEF -> "a primitive such as 'tcp', 'host 10.0.0.1' or 'port 80'";
                default -> "a host name or address";
            });
        }
        depth--;
        return result;
    }

    private Node other(Proto proto) {
        Token token = next();
        return switch (token.kind()) {
            case BROADCAST -> new Ast.Broadcast(proto, token.column());
            case MULTICAST -> new Ast.Multicast(proto, token.column());
            case LESS, GREATER -> new Ast.Length(token.kind() == Kind.GREATER,
                    expect(Kind.NUM, "a length").number(), token.column());
            case GENEVE -> new Ast.Geneve(vlanId(), token.column());
            default -> new Ast.Vlan(vlanId(), token.column());
        };
    }

    /** The number after {@code vlan} or {@code geneve} (libpcap's {@code pnum}, parentheses allowed), or -1. */
    private long vlanId() {
        if (peek().kind() == Kind.NUM) {
            return next().number();
        }
        int start = pos;
        int parens = 0;
        while (peek().kind() == Kind.LPAREN) {
            next();
            parens++;
        }
        if (parens > 0 && peek().kind() == Kind.NUM) {
            long id = next().number();
            while (parens > 0 && peek().kind() == Kind.RPAREN) {
                next();
                parens--;
            }
            if (parens == 0) {
                return id;
            }
        }
        pos = start;
        return -1;
    }

    private Term relation() {
        int column = peek().column();
        Arith left = ArithParser.parse(this);
        Token op = peek();
        int code;
        boolean negate = false;
        switch (op.kind()) {
            case EQ -> code = Bpf.JEQ;
            case GT -> code = Bpf.JGT;
            case GE -> code = Bpf.JGE;
            case NEQ -> {
                code = Bpf.JEQ;
                negate = true;
            }
            case LE -> {
                code = Bpf.JGT;
                negate = true;
            }
            case LT -> {
                code = Bpf.JGE;
                negate = true;
            }
            default -> throw error("a comparison operator");
        }
        next();
        Arith right = ArithParser.parse(this);
        return new Term(new Ast.Relation(code, negate, left, right, column), Qual.NONE);
    }

    static Proto protocol(Kind kind) {
        return switch (kind) {
            case LINK -> Proto.LINK;
            case IP -> Proto.IP;
            case IP6 -> Proto.IP6;
            case ARP -> Proto.ARP;
            case RARP -> Proto.RARP;
            case TCP -> Proto.TCP;
            case UDP -> Proto.UDP;
            case ICMP -> Proto.ICMP;
            case ICMP6 -> Proto.ICMP6;
            case SCTP -> Proto.SCTP;
            case IGMP -> Proto.IGMP;
            case IGRP -> Proto.IGRP;
            case PIM -> Proto.PIM;
            case VRRP -> Proto.VRRP;
            case CARP -> Proto.CARP;
            case AH -> Proto.AH;
            case ESP -> Proto.ESP;
            default -> null;
        };
    }

    /** Runs an alternative once per (rule, position): a failure is remembered so retries fail fast. */
    private <T> T attempt(int rule, Supplier<T> body) {
        long key = ((long) rule << 32) | pos;
        if (failed.contains(key)) {
            throw error("a primitive");
        }
        int startPos = pos;
        int startDepth = depth;
        try {
            return body.get();
        } catch (FilterSyntaxException e) {
            failed.add(key);
            pos = startPos;
            depth = startDepth;
            throw e;
        }
    }

    void leave() {
        depth--;
    }

    void enter() {
        if (++depth > MAX_DEPTH) {
            throw new FilterSyntaxException(peek().column(), "expression nested more than " + MAX_DEPTH
                    + " levels deep");
        }
    }

    Token peek() {
        return tokens.get(pos);
    }

    /** The token {@code distance} places ahead, or END past the end. */
    private Token lookahead(int distance) {
        return tokens.get(Math.min(pos + distance, tokens.size() - 1));
    }

    Token next() {
        Token token = tokens.get(pos);
        if (token.kind() != Kind.END) {
            pos++;
        }
        return token;
    }

    Token expect(Kind kind, String what) {
        if (peek().kind() != kind) {
            throw error(what);
        }
        return next();
    }

    /** Builds "expected X after 'previous', found 'current'" and remembers the furthest such error. */
    FilterSyntaxException error(String expected) {
        Token found = peek();
        String after = pos > 0 ? " after '" + tokens.get(pos - 1).text() + "'" : "";
        FilterSyntaxException e = new FilterSyntaxException(found.column(),
                "expected " + expected + after + ", found " + found.describe());
        if (furthest == null || e.column() > furthest.column()) {
            furthest = e;
        }
        return e;
    }
}
