package io.netzer.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a filter expression into tokens the way libpcap's flex scanner does: at each position the longest
 * match wins, and on a tie keywords beat Ethernet addresses, which beat numbers, IPv4 and IPv6 addresses,
 * named constants and finally plain names. So {@code tcp-syn} is one token and {@code 1-1} is a name.
 */
final class Lexer {
    private static final Pattern MAC = Pattern.compile(
            "[0-9A-Fa-f]{1,2}([:-])[0-9A-Fa-f]{1,2}(\\1[0-9A-Fa-f]{1,2}){4}"
                    + "|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}");
    private static final Pattern BOGUS_MAC = Pattern.compile("[0-9A-Fa-f]{1,2}:+([0-9A-Fa-f]{1,2}:+)+");

    private final String text;
    private int pos;

    private Lexer(String text) {
        this.text = text;
    }

    /** Tokenizes the whole expression; the list ends with an END token. */
    static List<Token> tokenize(String expression) {
        Lexer lexer = new Lexer(expression);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        int start = pos;
        int column = start + 1;
        if (pos >= text.length()) {
            return new Token(Token.Kind.END, "", 0, column);
        }
        char c = text.charAt(pos);
        if (c == '\\') {
            int end = pos + 1;
            while (end < text.length() && " !()\n\t".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            if (end == pos + 1) {
                throw new FilterSyntaxException(column, "expected a name after '\\'");
            }
            pos = end;
            return new Token(Token.Kind.ID, text.substring(start + 1, end), 0, column);
        }
        Token operator = operator(column);
        if (operator != null) {
            return operator;
        }
        return word(column);
    }

    private Token operator(int column) {
        String two = text.length() - pos >= 2 ? text.substring(pos, pos + 2) : "";
        Token.Kind kind = switch (two) {
            case "&&" -> Token.Kind.AND;
            case "||" -> Token.Kind.OR;
            case "!=" -> Token.Kind.NEQ;
            case "==" -> Token.Kind.EQ;
            case ">=" -> Token.Kind.GE;
            case "<=" -> Token.Kind.LE;
            case "<<" -> Token.Kind.LSH;
            case ">>" -> Token.Kind.RSH;
            default -> null;
        };
        if (kind != null) {
            pos += 2;
            return new Token(kind, two, 0, column);
        }
        kind = switch (text.charAt(pos)) {
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case '[' -> Token.Kind.LBRACKET;
            case ']' -> Token.Kind.RBRACKET;
            case ':' -> Token.Kind.COLON;
            case '/' -> Token.Kind.SLASH;
            case '+' -> Token.Kind.PLUS;
            case '-' -> Token.Kind.MINUS;
            case '*' -> Token.Kind.STAR;
            case '%' -> Token.Kind.PERCENT;
            case '&' -> Token.Kind.AMP;
            case '|' -> Token.Kind.PIPE;
            case '^' -> Token.Kind.CARET;
            case '=' -> Token.Kind.EQ;
            case '<' -> Token.Kind.LT;
            case '>' -> Token.Kind.GT;
            case '!' -> Token.Kind.NOT;
            default -> null;
        };
        if (kind == null || (kind == Token.Kind.COLON && v6Length() > 0)) {
            return null;
        }
        pos++;
        return new Token(kind, text.substring(pos - 1, pos), 0, column);
    }

    private Token word(int column) {
        int id = idLength();
        int mac = regionLength(MAC);
        int num = numberLength();
        int hid = hidLength();
        int v6 = v6Length();
        int longest = Math.max(Math.max(id, mac), Math.max(Math.max(num, hid), v6));
        int bogus = regionLength(BOGUS_MAC);
        if (bogus > longest) {
            throw new FilterSyntaxException(column, "bogus ethernet address " + text.substring(pos, pos + bogus));
        }
        if (longest == 0) {
            throw new FilterSyntaxException(column, "unexpected character '" + text.charAt(pos) + "'");
        }
        String word = text.substring(pos, pos + longest);
        pos += longest;
        if (id == longest) {
            Token.Kind keyword = Keywords.KEYWORDS.get(word);
            if (keyword != null) {
                return new Token(keyword, word, 0, column);
            }
        }
        if (mac == longest) {
            return new Token(Token.Kind.EID, word, 0, column);
        }
        if (num == longest) {
            return new Token(Token.Kind.NUM, word, parseNumber(word, column), column);
        }
        if (hid == longest) {
            return new Token(Token.Kind.HID, word, 0, column);
        }
        if (v6 == longest) {
            return new Token(Token.Kind.HID6, word, 0, column);
        }
        Integer constant = Keywords.CONSTANTS.get(word);
        if (constant != null) {
            return new Token(Token.Kind.NUM, word, constant, column);
        }
        return new Token(Token.Kind.ID, word, 0, column);
    }

    private int idLength() {
        int end = pos;
        if (end >= text.length() || !isAlnum(text.charAt(end))) {
            return 0;
        }
        while (end < text.length() && (isAlnum(text.charAt(end)) || "-_.".indexOf(text.charAt(end)) >= 0)) {
            end++;
        }
        while (text.charAt(end - 1) == '-' || text.charAt(end - 1) == '_') {
            end--;
        }
        return end - pos;
    }

    private int numberLength() {
        int end = pos;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            end += 2;
            while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
                end++;
            }
            if (end > pos + 2) {
                return end - pos;
            }
            end = pos;
        }
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end - pos;
    }

    private int hidLength() {
        int end = pos + numberLength();
        if (end == pos) {
            return 0;
        }
        int parts = 1;
        while (parts < 4 && end + 1 < text.length() && text.charAt(end) == '.') {
            int saved = pos;
            pos = end + 1;
            int next = numberLength();
            pos = saved;
            if (next == 0) {
                break;
            }
            end += 1 + next;
            parts++;
        }
        return parts > 1 ? end - pos : 0;
    }

    /** Length of an IPv6 literal at the position, 0 if the run of hex digits, colons and dots is not one. */
    private int v6Length() {
        int end = pos;
        boolean colon = false;
        while (end < text.length() && (Character.digit(text.charAt(end), 16) >= 0 || text.charAt(end) == ':'
                || text.charAt(end) == '.')) {
            colon |= text.charAt(end) == ':';
            end++;
        }
        while (end > pos && text.charAt(end - 1) == '.') {
            end--;
        }
        if (!colon || Addresses.parseIpv6(text.substring(pos, end)) == null) {
            return 0;
        }
        return end - pos;
    }

    private int regionLength(Pattern pattern) {
        var matcher = pattern.matcher(text).region(pos, text.length());
        return matcher.lookingAt() ? matcher.end() - pos : 0;
    }

    /** libpcap's stou: 0x for hex, a leading 0 for octal, 32 bits at most. */
    private static long parseNumber(String word, int column) {
        int radix = 10;
        String digits = word;
        if (word.startsWith("0x") || word.startsWith("0X")) {
            radix = 16;
            digits = word.substring(2);
        } else if (word.length() > 1 && word.charAt(0) == '0') {
            radix = 8;
            if (word.chars().anyMatch(ch -> ch == '8' || ch == '9')) {
                throw new FilterSyntaxException(column, "number " + word + " contains non-octal digit");
            }
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * radix + Character.digit(digits.charAt(i), radix);
            if (value > 0xffffffffL) {
                throw new FilterSyntaxException(column, "number " + word + " overflows 32 bits");
            }
        }
        return value;
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
