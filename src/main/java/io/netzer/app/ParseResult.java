package io.netzer.app;

/**
 * What every parser's result object shares: the {@link Malformation} of the last parse, and the one helper that
 * records it, so that no parser keeps its own copy. Each subclass documents what its {@code malformation()} means.
 */
abstract class ParseResult {
    Malformation malformation = Malformation.NONE;

    /** Records {@code reason} in {@code out} and returns {@link ParseStatus#MALFORMED}, for a parser's return. */
    static int malformed(ParseResult out, Malformation reason) {
        out.malformation = reason;
        return ParseStatus.MALFORMED;
    }

    /** Records {@code reason} in {@code out} and returns -1, for a helper that returns an offset or a length. */
    static long malformedAt(ParseResult out, Malformation reason) {
        out.malformation = reason;
        return -1;
    }
}
