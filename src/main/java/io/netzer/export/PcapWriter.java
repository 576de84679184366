package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.PacketSink;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes packets as a classic pcap file (draft-ietf-opsawg-pcap) in the host's byte order, as libpcap does, with
 * microsecond or nanosecond timestamps. Each record header and the packet's bytes are copied straight from the
 * source's memory into one preallocated native buffer, which goes to the channel when full: nothing is allocated
 * per packet.
 *
 * <p>A pcap file has one link type. Packets of another link type (a pcapng file with several interfaces) are
 * skipped and counted, where tcpdump would stop with "an interface has a type ... different from the type of the
 * first interface"; so are packets longer than {@link #MAX_CAPTURED_LENGTH}, which tcpdump would refuse to read
 * back. See {@link #packetsSkipped()}.
 *
 * <p>A failed write (a full disk) never leaves a record cut in half: the file is truncated to the last whole
 * record that reached it, {@link #packetsWritten()} then counts the records the file holds, and the exception
 * names the file and the call ({@code cannot write eth0.pcap: No space left on device}).
 */
public final class PcapWriter implements PacketSink {
    /** The magic number of files with microsecond timestamps. */
    public static final int MAGIC_MICROSECONDS = 0xA1B2_C3D4;
    /** The magic number of files with nanosecond timestamps. */
    public static final int MAGIC_NANOSECONDS = 0xA1B2_3C4D;
    /** The only version readers accept today (section 4). */
    public static final short MAJOR_VERSION = 2;
    /** The only version readers accept today (section 4). */
    public static final short MINOR_VERSION = 4;
    /** The largest record libpcap reads back ({@code MAXIMUM_SNAPLEN}). */
    public static final int MAX_CAPTURED_LENGTH = 262_144;
    /** Bytes buffered before a write: many records per system call, still small beside a ring. */
    public static final int DEFAULT_BUFFER_SIZE = 1 << 20;
    /** The path that means standard output. */
    public static final String STANDARD_OUTPUT = "-";

    static final int FILE_HEADER_LENGTH = 24;
    static final int SNAP_LENGTH_OFFSET = 16;
    static final int LINK_TYPE_OFFSET = 20;
    static final int RECORD_HEADER_LENGTH = 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICROSECOND = 1_000L;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final WritableByteChannel channel;
    private final String name;
    private final boolean ownsChannel;
    private final int linkType;
    private final int snapLength;
    private final boolean nanosecond;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final ByteBuffer bufferView;
    private int buffered;
    private int recordsBuffered;
    private boolean headerBuffered;
    private IOException failure;
    private long packetsWritten;
    private long packetsSkipped;
    private long bytesWritten;
    private boolean closed;

    /**
     * A writer to a channel that the caller keeps and closes; the file header is buffered at once.
     *
     * @param channel    where the file goes (a FileChannel, or {@link Channels#newChannel(OutputStream)})
     * @param linkType   the link type the file declares; packets of another are skipped
     * @param snapLength the snapshot length the file declares
     * @param nanosecond whether timestamps keep nanoseconds (magic 0xA1B23C4D) or microseconds
     * @param bufferSize bytes buffered between writes; at least a record of {@link #MAX_CAPTURED_LENGTH}
     */
    public PcapWriter(WritableByteChannel channel, int linkType, int snapLength, boolean nanosecond, int bufferSize) {
        this(channel, "pcap output", false, linkType, snapLength, nanosecond, bufferSize);
    }

    /**
     * A writer to a channel that the caller keeps, with {@link #DEFAULT_BUFFER_SIZE}; {@code name} names the file
     * in messages. A {@link SeekableByteChannel} is truncated to its last whole record when a write fails.
     */
    public PcapWriter(WritableByteChannel channel, String name, int linkType, int snapLength, boolean nanosecond) {
        this(channel, name, false, linkType, snapLength, nanosecond, DEFAULT_BUFFER_SIZE);
    }

    /** A writer to a stream that the caller keeps, with {@link #DEFAULT_BUFFER_SIZE}. */
    public PcapWriter(OutputStream output, int linkType, int snapLength, boolean nanosecond) {
        this(Channels.newChannel(output), "pcap output", false, linkType, snapLength, nanosecond,
                DEFAULT_BUFFER_SIZE);
    }

    private PcapWriter(WritableByteChannel channel, String name, boolean ownsChannel, int linkType, int snapLength,
            boolean nanosecond, int bufferSize) {
        this(channel, name, ownsChannel, linkType, snapLength, nanosecond, bufferSize, true);
    }

    private PcapWriter(WritableByteChannel channel, String name, boolean ownsChannel, int linkType, int snapLength,
            boolean nanosecond, int bufferSize, boolean fileHeader) {
        this.channel = channel;
        this.name = name;
        this.ownsChannel = ownsChannel;
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.nanosecond = nanosecond;
        this.buffer = arena.allocate(Math.max(bufferSize, RECORD_HEADER_LENGTH + MAX_CAPTURED_LENGTH));
        this.bufferView = buffer.asByteBuffer();
        if (fileHeader) {
            writeFileHeader();
        }
    }

    /**
     * Creates (or truncates) a file and writes to it; {@code -} is standard output, which is flushed but left open.
     *
     * @throws IOException when the file cannot be created
     */
    public static PcapWriter open(Path path, int linkType, int snapLength, boolean nanosecond) throws IOException {
        if (path.toString().equals(STANDARD_OUTPUT)) {
            // Closing this channel would close file descriptor 1 for the whole process.
            return new PcapWriter(new FileOutputStream(FileDescriptor.out).getChannel(), "standard output", false,
                    linkType, snapLength, nanosecond, DEFAULT_BUFFER_SIZE);
        }
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return new PcapWriter(file, path.toString(), true, linkType, snapLength, nanosecond, DEFAULT_BUFFER_SIZE);
    }

    /**
     * {@code count} writers to one file (or standard output, {@code -}), one for each of as many workers: the file
     * header is written at once, then each writer hands its buffer of whole records to the file under one lock
     * ({@link SharedChannel}), so records of different writers never interleave; the file closes with the last.
     *
     * @throws IOException when the file cannot be created or the header not written
     */
    public static List<PcapWriter> openShared(Path path, int count, int linkType, int snapLength, boolean nanosecond)
            throws IOException {
        boolean toStdout = path.toString().equals(STANDARD_OUTPUT);
        SharedChannel channel;
        if (toStdout) {
            channel = new SharedChannel(new FileOutputStream(FileDescriptor.out).getChannel(), null, count);
        } else {
            FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            channel = new SharedChannel(file, file, count);
        }
        String name = toStdout ? "standard output" : path.toString();
        List<PcapWriter> writers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            writers.add(new PcapWriter(channel, name, true, linkType, snapLength, nanosecond, DEFAULT_BUFFER_SIZE,
                    i == 0));
        }
        writers.get(0).flush();
        return writers;
    }

    /** The file header (section 4), in host byte order so that readers tell the order by the magic number. */
    private void writeFileHeader() {
        buffer.set(ValueLayout.JAVA_INT_UNALIGNED, 0, nanosecond ? MAGIC_NANOSECONDS : MAGIC_MICROSECONDS);
        buffer.set(ValueLayout.JAVA_SHORT_UNALIGNED, 4, MAJOR_VERSION);
        buffer.set(ValueLayout.JAVA_SHORT_UNALIGNED, 6, MINOR_VERSION);
        // Reserved1 and Reserved2 (formerly thiszone and sigfigs) are written as 0.
        buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0L);
        buffer.set(ValueLayout.JAVA_INT_UNALIGNED, SNAP_LENGTH_OFFSET, snapLength);
        buffer.set(ValueLayout.JAVA_INT_UNALIGNED, LINK_TYPE_OFFSET, linkType);
        buffered = FILE_HEADER_LENGTH;
        headerBuffered = true;
    }

    /**
     * Appends a packet record (section 5), writing the buffer first when the record does not fit.
     *
     * @return false when the packet was skipped: another link type than the file's, or too long to read back
     * @throws IOException when writing the full buffer fails
     */
    public boolean write(Packet packet) throws IOException {
        int capturedLength = packet.capturedLength();
        if (packet.linkType() != linkType || capturedLength > MAX_CAPTURED_LENGTH) {
            packetsSkipped++;
            return false;
        }
        if (buffer.byteSize() - buffered < RECORD_HEADER_LENGTH + capturedLength) {
            flushBuffer();
        }
        long timestamp = packet.timestampNanos();
        long seconds = Math.floorDiv(timestamp, NANOS_PER_SECOND);
        long nanos = Math.floorMod(timestamp, NANOS_PER_SECOND);
        long at = buffered;
        // Seconds are an unsigned 32-bit field: the low 32 bits are what every reader takes; the original length
        // likewise. The record header goes in as two longs of two host-order ints each (one store per pair).
        long fraction = nanosecond ? nanos : nanos / NANOS_PER_MICROSECOND;
        buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, at, pair((int) seconds, (int) fraction));
        buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, at + 8, pair(capturedLength, (int) packet.wireLength()));
        MemorySegment.copy(packet.segment(), packet.offset(), buffer, at + RECORD_HEADER_LENGTH, capturedLength);
        buffered += RECORD_HEADER_LENGTH + capturedLength;
        recordsBuffered++;
        packetsWritten++;
        return true;
    }

    /** Two ints as one long that stores them in this order in host byte order. */
    private static long pair(int first, int second) {
        return LITTLE_ENDIAN ? (long) second << 32 | Integer.toUnsignedLong(first)
                : (long) first << 32 | Integer.toUnsignedLong(second);
    }

    /** As a sink of the worker: {@link #write}s the packet; skipped packets are counted. */
    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        write(packet);
    }

    /** Records are written as captured: no layer is read. */
    @Override
    public boolean needsDissection() {
        return false;
    }

    /** Hands what is buffered to the channel (for a file: to the kernel; no fsync). */
    public void flush() throws IOException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (failure != null) {
            throw failure;
        }
        bufferView.clear().limit(buffered);
        try {
            while (bufferView.hasRemaining()) {
                channel.write(bufferView);
            }
        } catch (IOException e) {
            failure = new IOException("cannot write " + name + ": " + reason(e), e);
            keepWholeRecords(bufferView.position());
            throw failure;
        }
        bytesWritten += buffered;
        buffered = 0;
        recordsBuffered = 0;
        headerBuffered = false;
    }

    /**
     * After a write that reached the file only for its first {@code written} bytes: truncates the file to the
     * last whole record among them (a seekable file; a pipe keeps what it got), and counts only the records kept.
     */
    private void keepWholeRecords(int written) {
        boolean headerKept = !headerBuffered || written >= FILE_HEADER_LENGTH;
        int whole = headerBuffered && headerKept ? FILE_HEADER_LENGTH : 0;
        int kept = 0;
        while (headerKept && whole + RECORD_HEADER_LENGTH <= buffered) {
            int end = whole + RECORD_HEADER_LENGTH + buffer.get(ValueLayout.JAVA_INT_UNALIGNED, whole + 8);
            if (end > written) {
                break;
            }
            whole = end;
            kept++;
        }
        packetsWritten -= recordsBuffered - kept;
        if (channel instanceof SeekableByteChannel file && whole < written) {
            try {
                file.truncate(bytesWritten + whole);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        bytesWritten += whole;
        buffered = 0;
        recordsBuffered = 0;
    }

    /** The system's words for a failed call ({@code No space left on device}), without Java's decoration. */
    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Packets written. */
    public long packetsWritten() {
        return packetsWritten;
    }

    /** Packets not written: of another link type than the file's, or longer than {@link #MAX_CAPTURED_LENGTH}. */
    public long packetsSkipped() {
        return packetsSkipped;
    }

    /** Bytes of the file so far, header included, buffered or written. */
    public long fileSize() {
        return bytesWritten + buffered;
    }

    /** The link type the file declares. */
    public int linkType() {
        return linkType;
    }

    /** Flushes, closes the file when this writer opened it, and frees the buffer. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                flushBuffer();
            }
        } finally {
            try {
                if (ownsChannel) {
                    channel.close();
                }
            } finally {
                arena.close();
            }
        }
    }
}
