package io.netzer.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * One pcap file written by the writers of several workers ({@link PcapWriter#openShared}): each write hands over a
 * whole buffer of whole records and goes out entire under one lock, taken once per buffer (a megabyte), never per
 * packet.
 *
 * <p>A file never keeps a cut record: when a write reaches the file only in part (a full disk), the file is cut
 * back to where that write began and the buffer is given back untouched, so the writer counts none of its records
 * as written and sees a channel that took nothing (it truncates nothing itself: this channel is not seekable).
 */
final class SharedChannel implements WritableByteChannel {
    private final WritableByteChannel out;
    private final FileChannel file;
    private int open;

    /**
     * Shares {@code out} among {@code writers} writers.
     *
     * @param file {@code out} when it is a file this process opened, which this channel cuts back after a failed
     *             write and closes with the last writer; null for the process's stdout or a pipe, which keeps what
     *             it got and stays open
     */
    SharedChannel(WritableByteChannel out, FileChannel file, int writers) {
        this.out = out;
        this.file = file;
        this.open = writers;
    }

    /** Writes all of {@code buffer}, or nothing of it when the write fails. */
    @Override
    public synchronized int write(ByteBuffer buffer) throws IOException {
        int start = buffer.position();
        long fileStart = file != null ? file.position() : -1;
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            if (fileStart >= 0) {
                try {
                    file.truncate(fileStart);
                    buffer.position(start);
                } catch (IOException cut) {
                    e.addSuppressed(cut);
                }
            }
            throw e;
        }
        return buffer.position() - start;
    }

    @Override
    public synchronized boolean isOpen() {
        return open > 0;
    }

    /** One writer's close: the file closes with the last one. */
    @Override
    public synchronized void close() throws IOException {
        if (open > 0 && --open == 0 && file != null) {
            out.close();
        }
    }
}
