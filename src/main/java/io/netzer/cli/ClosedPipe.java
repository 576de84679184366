package io.netzer.cli;

/**
 * A reader that went away ({@code netzer -r big.pcap | head -1}): tcpdump is killed by SIGPIPE there and says
 * nothing. The JVM ignores SIGPIPE, so the write fails with EPIPE instead; NetZer then stops at once, prints
 * nothing, and exits with the status a shell shows for a process killed by SIGPIPE.
 */
final class ClosedPipe {
    /** 128 + SIGPIPE (13). */
    static final int EXIT_STATUS = 141;
    /** strerror(EPIPE), the message the JDK gives the IOException of a write to a closed pipe. */
    private static final String EPIPE_MESSAGE = "Broken pipe";

    private ClosedPipe() {
    }

    /** Whether {@code error} or one of its causes is a write to a closed pipe. */
    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(EPIPE_MESSAGE)) {
                return true;
            }
        }
        return false;
    }
}
