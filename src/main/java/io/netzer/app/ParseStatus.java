package io.netzer.app;

/**
 * Results every application-layer parser returns as a plain {@code int}, so that the hot path neither allocates
 * nor throws. When a parser returns {@link #MALFORMED}, its result object names the {@link Malformation} so the
 * caller can count it by reason.
 */
public final class ParseStatus {
    /** The message was decoded; the result object holds it. */
    public static final int COMPLETE = 0;
    /** The bytes so far are a valid prefix: call again with more of the stream (or the next datagram). */
    public static final int NEED_MORE_DATA = 1;
    /** The bytes do not start this protocol's message; the caller should stop trying this parser on the flow. */
    public static final int NOT_THIS_PROTOCOL = 2;
    /** The bytes claim to be this protocol but break its grammar or one of our caps; see the result's reason. */
    public static final int MALFORMED = 3;

    private ParseStatus() {
    }

    /**
     * Names a status for logs and test messages.
     *
     * @param status one of the constants of this class
     * @return its name, or {@code UNKNOWN(n)}
     */
    public static String name(int status) {
        return switch (status) {
            case COMPLETE -> "COMPLETE";
            case NEED_MORE_DATA -> "NEED_MORE_DATA";
            case NOT_THIS_PROTOCOL -> "NOT_THIS_PROTOCOL";
            case MALFORMED -> "MALFORMED";
            default -> "UNKNOWN(" + status + ")";
        };
    }
}
