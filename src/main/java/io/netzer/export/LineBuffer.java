package io.netzer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A reusable in-memory buffer that a sink fills with whole lines and hands on in one write. Several workers can
 * then share one output (stdout, a file) without a line of one cutting into a line of another, and without a
 * lock per packet: the shared output is written once per buffer, not once per line.
 */
final class LineBuffer extends OutputStream {
    private byte[] bytes;
    private int size;

    LineBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** Does nothing: what is buffered leaves only through {@link #drainTo}, so only whole lines leave. */
    @Override
    public void flush() {
    }

    /** Bytes held. */
    int size() {
        return size;
    }

    /** Writes everything held to {@code out} in one call and empties the buffer. */
    void drainTo(OutputStream out) throws IOException {
        if (size > 0) {
            out.write(bytes, 0, size);
            size = 0;
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            // Grows only for a line longer than the buffer; the sink drains long before that in steady state.
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
