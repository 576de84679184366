package io.netzer.capture;

import java.io.IOException;

/** Privileges could not be dropped, or are still held afterwards: the capture must not process packets. */
public final class PrivilegeDropException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure explained by {@code message}. */
    public PrivilegeDropException(String message) {
        super(message);
    }

    /** A failure explained by {@code message}, caused by {@code cause}. */
    public PrivilegeDropException(String message, Throwable cause) {
        super(message, cause);
    }
}
