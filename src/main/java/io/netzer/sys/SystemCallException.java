package io.netzer.sys;

import java.io.IOException;

/**
 * A libc call that failed: the call with its arguments, the errno value and its strerror text, as in
 * {@code setsockopt(fd=7, SOL_PACKET, PACKET_RX_RING) failed: Invalid argument (errno 22)}.
 */
public final class SystemCallException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * A failure of {@code call}.
     *
     * @param call  the call and its arguments, e.g. {@code bind(fd=7, ifindex=3)}
     * @param errno the errno the call left
     * @param text  strerror's text for {@code errno}
     */
    public SystemCallException(String call, int errno, String text) {
        super(call + " failed: " + text + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call and its arguments. */
    public String call() {
        return call;
    }

    /** The errno value the call left. */
    public int errno() {
        return errno;
    }
}
