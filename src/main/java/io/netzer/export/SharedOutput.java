package io.netzer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One output (stdout, a file) written by the sinks of several workers. Each sink hands over whole buffers of
 * whole lines, so the lock here is taken once per buffer (tens of kilobytes), never per packet.
 *
 * <p>A file never keeps a partial line: when a write fails (a full disk), the file is truncated to the last whole
 * line that reached it, {@link #lines()} counts the lines it holds, and the exception names the file and the
 * failure ({@code cannot write out.ndjson: No space left on device}); every later write fails the same way.
 */
public final class SharedOutput extends OutputStream {
    private static final byte NEWLINE = '\n';
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW_SEVEN_BITS = 0x7f7f7f7f7f7f7f7fL;

    private final OutputStream out;
    private final FileChannel file;
    private final String name;
    private final boolean closeUnderlying;
    private long lines;
    private IOException failure;

    /**
     * Shares {@code out}.
     *
     * @param closeUnderlying whether {@link #close()} closes {@code out} (not for the process's stdout)
     */
    public SharedOutput(OutputStream out, boolean closeUnderlying) {
        this.out = out;
        this.file = null;
        this.name = "standard output";
        this.closeUnderlying = closeUnderlying;
    }

    private SharedOutput(FileChannel file, String name) {
        this.out = null;
        this.file = file;
        this.name = name;
        this.closeUnderlying = true;
    }

    /** Creates (or truncates) {@code path} and shares it. */
    public static SharedOutput toFile(Path path) throws IOException {
        return new SharedOutput(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), path.toString());
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        writeLines(bytes, offset, length, -1);
    }

    /**
     * Writes {@code length} bytes of whole lines, {@code wholeLines} of them as their writer counted them, so that
     * no byte is read again to count them; -1 when the writer did not count.
     */
    public synchronized void writeLines(byte[] bytes, int offset, int length, long wholeLines) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (file == null) {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw failed(e);
            }
            lines += wholeLines >= 0 ? wholeLines : newlines(bytes, offset, length);
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
        } catch (IOException e) {
            keepWholeLines(bytes, offset, buffer.position() - offset);
            throw failed(e);
        }
        lines += wholeLines >= 0 ? wholeLines : newlines(bytes, offset, length);
    }

    /** After only {@code written} bytes of a buffer reached the file: cuts the file after its last whole line. */
    private void keepWholeLines(byte[] bytes, int offset, int written) throws IOException {
        int whole = written;
        while (whole > 0 && bytes[offset + whole - 1] != NEWLINE) {
            whole--;
        }
        lines += newlines(bytes, offset, whole);
        if (whole < written) {
            file.truncate(file.position() - (written - whole));
        }
    }

    private IOException failed(IOException cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        failure = new IOException("cannot write " + name + ": " + reason, cause);
        return failure;
    }

    /**
     * The newlines among {@code length} bytes, eight at a time (counted byte by byte, this loop took half the
     * CPU of {@code -r F --json} in a profile of 300k packets, before NDJSON lines came with their count). A byte of {@code word ^ NEWLINES} is zero where a newline
     * was; adding 0x7f to its low seven bits sets its top bit unless they are all zero, without a carry into the
     * next byte, so the top bits left clear by that and by the byte itself are exactly the newlines.
     */
    private static long newlines(byte[] bytes, int offset, int length) {
        long count = 0;
        int end = offset + length;
        int i = offset;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
            long nonZeroLowBits = (word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS;
            count += Long.bitCount(~(nonZeroLowBits | word | LOW_SEVEN_BITS));
        }
        for (; i < end; i++) {
            if (bytes[i] == NEWLINE) {
                count++;
            }
        }
        return count;
    }

    @Override
    public synchronized void flush() throws IOException {
        if (out != null && failure == null) {
            out.flush();
        }
    }

    /** A sink's close: flushes only, since other workers may still write. */
    @Override
    public void close() throws IOException {
        flush();
    }

    /** Whole lines written to the output so far (after a failure: the lines it holds). */
    public synchronized long lines() {
        return lines;
    }

    /** The file's name, or "standard output". */
    public String name() {
        return name;
    }

    /** Whether a write failed. */
    public synchronized boolean failed() {
        return failure != null;
    }

    /** Closes the underlying output once every worker is done (unless it is the process's stdout). */
    public synchronized void closeUnderlying() throws IOException {
        flush();
        if (file != null) {
            file.close();
        } else if (closeUnderlying) {
            out.close();
        }
    }
}
