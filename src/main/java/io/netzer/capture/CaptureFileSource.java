package io.netzer.capture;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * What the pcap and pcapng sources share: the whole file as one read-only {@link MemorySegment} owned by an
 * {@link Arena} (a mapping of the file, or standard input read into memory) or a window that slides over a file read
 * in large chunks, a read position, reads in the file's byte order, and the rule that a fault is reported only after
 * every packet before it was delivered.
 *
 * <p>Why a window: walking a mapping of a large file costs a page fault per 16 pages and a TLB miss per page (a
 * million-packet, 339 MB file: about 0.27 s in the reader), where {@code read} into a window that stays in the
 * cache costs a fifth of that, the kernel's copy included. The packets of a batch point into the window, valid
 * until the next batch, as a ring's are until its block goes back.
 */
abstract sealed class CaptureFileSource implements PacketSource permits PcapFileSource, PcapngFileSource {
    /**
     * The largest captured length accepted for a record: libpcap's {@code MAXIMUM_SNAPLEN}, above which tcpdump
     * calls a record damaged. A larger length is a corrupt or hostile file, never a packet.
     */
    static final int MAX_CAPTURED_LENGTH = 262_144;

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final Arena arena;
    /** The whole file, or the window; every offset below is an offset into it. */
    final MemorySegment file;
    /** Bytes of the file in {@link #file}. */
    long fileSize;
    /** The file's offset of {@link #file}'s first byte: 0 unless a window slid. */
    private long windowStart;
    /** The file read through the window, or null when {@link #file} holds the whole file. */
    private final FileChannel channel;
    /** A view of the window, made once so that reading into it allocates nothing. */
    private final ByteBuffer windowBuffer;
    /** The file's size when opened, or where it was found to end. */
    private long channelSize;
    /** Whether the file (or the current pcapng section) was written in big-endian order. */
    boolean bigEndian;
    /** Where the next record or block starts. */
    long position;
    private long delivered;
    private CaptureFileException fault;

    CaptureFileSource(String name, Arena arena, MemorySegment file) {
        this.name = name;
        this.arena = arena;
        this.file = file;
        this.fileSize = file.byteSize();
        this.channel = null;
        this.windowBuffer = null;
        this.channelSize = fileSize;
    }

    /**
     * A source reading {@code channel} through {@code window}, whose first {@code filled} bytes hold the file's
     * start, up to {@code size}, the file's size when opened (the size the window was made for: bytes a writer
     * appends later are not read); the source owns the channel.
     */
    CaptureFileSource(String name, Arena arena, MemorySegment window, long filled, FileChannel channel, long size) {
        this.name = name;
        this.arena = arena;
        this.file = window;
        this.fileSize = filled;
        this.channel = channel;
        this.windowBuffer = window.asByteBuffer();
        this.channelSize = size;
    }

    /** Whether {@link #file} holds the file's last byte: no more bytes will come behind {@link #fileSize}. */
    final boolean atEnd() {
        return windowStart + fileSize >= channelSize;
    }

    /**
     * When fewer than {@code wanted} bytes are left from {@link #position} and more are in the file, moves those
     * bytes to the window's start and reads the file behind them until the window is full or the file ends.
     */
    final void slide(long wanted) throws CaptureFileException {
        if (channel == null || fileSize - position >= wanted || atEnd()) {
            return;
        }
        long left = fileSize - position;
        MemorySegment.copy(file, position, file, 0, left);
        windowStart += position;
        position = 0;
        fileSize = left;
        windowBuffer.limit(windowBuffer.capacity()).position((int) left);
        try {
            while (windowBuffer.hasRemaining() && !atEnd()) {
                int read = channel.read(windowBuffer);
                if (read < 0) {
                    channelSize = windowStart + fileSize;
                    break;
                }
                fileSize += read;
            }
        } catch (IOException e) {
            throw new CaptureFileException(name, windowStart + fileSize, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Adds packets from {@link #position} until the batch is full or the file ends, and advances the position.
     *
     * @throws CaptureFileException at the first fault; the packets added before it stay in the batch
     */
    abstract void fill(PacketBatch batch) throws CaptureFileException;

    @Override
    public final boolean nextBatch(PacketBatch batch) throws CaptureFileException {
        if (fault != null) {
            throw fault;
        }
        batch.reset(file, delivered + 1);
        try {
            fill(batch);
        } catch (CaptureFileException e) {
            // The good packets of this batch go out first; the fault surfaces on the next call.
            fault = e;
            if (batch.count() == 0) {
                throw e;
            }
        }
        delivered += batch.count();
        return batch.count() > 0;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SourceStatistics statistics() {
        return new SourceStatistics(delivered, 0, 0);
    }

    @Override
    public final void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Read-only: closing can lose nothing.
            }
        }
    }

    /** A fault at {@code offset} in {@link #file}, with the problem formatted like {@link String#format}. */
    final CaptureFileException fault(long offset, String problem, Object... values) {
        return new CaptureFileException(name, windowStart + offset, problem.formatted(values));
    }

    /** An unsigned 16-bit field in the file's byte order. */
    final int readUnsignedShort(long offset) {
        short value = file.get(SHORT_LE, offset);
        return Short.toUnsignedInt(bigEndian ? Short.reverseBytes(value) : value);
    }

    /** A 32-bit field in the file's byte order. */
    final int readInt(long offset) {
        int value = file.get(INT_LE, offset);
        return bigEndian ? Integer.reverseBytes(value) : value;
    }

    /** An unsigned 32-bit field in the file's byte order. */
    final long readUnsignedInt(long offset) {
        return Integer.toUnsignedLong(readInt(offset));
    }

    /**
     * Two consecutive 32-bit fields in the file's byte order, read at once: the first in the low half, the second
     * in the high half (a pcap record header is two such pairs: one read each instead of one per field).
     */
    final long readIntPair(long offset) {
        long value = file.get(LONG_LE, offset);
        return bigEndian ? Long.rotateLeft(Long.reverseBytes(value), Integer.SIZE) : value;
    }

    /** A 64-bit field in the file's byte order. */
    final long readLong(long offset) {
        long value = file.get(LONG_LE, offset);
        return bigEndian ? Long.reverseBytes(value) : value;
    }

    /** A 32-bit field read as little-endian whatever the file's order, for magic numbers. */
    final int readIntLittleEndian(long offset) {
        return file.get(INT_LE, offset);
    }
}
