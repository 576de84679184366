package io.netzer.filter;

/**
 * A filter expression that cannot be compiled: a syntax error, an unknown name, or a construct that is
 * not valid for the link type. The message starts with the 1-based column it refers to, e.g.
 * {@code column 6: expected a host name or address after 'host', found 'and'}.
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int column;

    /** Creates the exception for a problem at {@code column} (1-based) described by {@code detail}. */
    public FilterSyntaxException(int column, String detail) {
        super("column " + column + ": " + detail);
        this.column = column;
    }

    /** The 1-based column of the expression the problem was found at. */
    public int column() {
        return column;
    }
}
