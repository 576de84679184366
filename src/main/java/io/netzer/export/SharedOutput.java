package io.netzer.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One output (stdout, a file) written by the sinks of several workers. Each sink hands over whole buffers of
 * whole lines, so the lock here is taken once per buffer (tens of kilobytes), never per packet.
 */
public final class SharedOutput extends OutputStream {
    private final OutputStream out;
    private final boolean closeUnderlying;

    /**
     * Shares {@code out}.
     *
     * @param closeUnderlying whether {@link #close()} closes {@code out} (not for the process's stdout)
     */
    public SharedOutput(OutputStream out, boolean closeUnderlying) {
        this.out = out;
        this.closeUnderlying = closeUnderlying;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** A sink's close: flushes only, since other workers may still write. */
    @Override
    public void close() throws IOException {
        flush();
    }

    /** Closes the underlying output once every worker is done (unless it is the process's stdout). */
    public synchronized void closeUnderlying() throws IOException {
        out.flush();
        if (closeUnderlying) {
            out.close();
        }
    }
}
