package io.netzer.capture;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * Opens capture files for reading: reads a pcap file through a window, maps a pcapng file whole, and picks the pcap
 * or pcapng reader by the file's first four bytes, never by its name (pcapng files are often named {@code .pcap}).
 */
public final class CaptureFiles {
    /** The name that means standard input, as in {@code tcpdump -r -}. */
    public static final String STANDARD_INPUT = "-";
    /** The largest captured length a record may declare (libpcap's {@code MAXIMUM_SNAPLEN}). */
    public static final int MAX_CAPTURED_LENGTH = CaptureFileSource.MAX_CAPTURED_LENGTH;

    /** Bytes the format is told by: a pcap magic number or the pcapng Section Header Block type. */
    static final int MAGIC_LENGTH = 4;
    private static final int FIRST_STDIN_BUFFER = 1 << 20;
    /** The largest read into one ByteBuffer view, which is indexed by int. */
    private static final int MAX_READ = 1 << 30;

    private CaptureFiles() {
    }

    /**
     * Opens a pcap or pcapng file, or standard input when the path is {@code -}.
     *
     * @return a source that owns the mapping until it is closed
     * @throws CaptureFileException when the file is missing, unreadable, too short, of an unknown format, or its
     *                              headers are corrupt; the message is one line naming the file
     */
    public static PacketSource open(Path path) throws CaptureFileException {
        String name = path.toString();
        if (name.equals(STANDARD_INPUT)) {
            return openStandardInput();
        }
        if (Files.isDirectory(path)) {
            throw new CaptureFileException(name, "is a directory, expected a capture file", null);
        }
        Arena arena = Arena.ofShared();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            // The magic alone decides how the file is read, before any buffer is made for it.
            MemorySegment magic = MemorySegment.ofArray(new byte[MAGIC_LENGTH]);
            long magicRead = readFully(channel, magic.asByteBuffer());
            if (magicRead < MAGIC_LENGTH) {
                throw emptyFile(name, magicRead);
            }
            if (isPcap(magic)) {
                long size = channel.size();
                MemorySegment window = arena.allocate(windowLength(size), Long.BYTES);
                long filled = readFully(channel.position(0), window.asByteBuffer());
                PacketSource source = new PcapFileSource(name, arena, window, filled, channel, size);
                channel = null;
                return source;
            }
            if (!isPcapng(magic)) {
                throw unknownFormat(name, magic);
            }
            // The mapping outlives the channel; the source's arena unmaps it on close.
            return new PcapngFileSource(name, arena, channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(),
                    arena));
        } catch (NoSuchFileException e) {
            arena.close();
            throw new CaptureFileException(name, "no such file", e);
        } catch (AccessDeniedException e) {
            arena.close();
            throw new CaptureFileException(name, "permission denied", e);
        } catch (CaptureFileException e) {
            arena.close();
            throw e;
        } catch (IOException e) {
            arena.close();
            throw new CaptureFileException(name, "cannot read: " + e.getMessage(), e);
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * The window for a pcap file of {@code size} bytes: the whole file when it is shorter than a window, since the
     * JDK zeroes an arena's memory eight bytes a store, a loop run in the interpreter at start-up (a full window
     * cost a one-packet read about 5 ms and a C2 compile); a full window otherwise, and for a size of 0 (a pipe).
     */
    static long windowLength(long size) {
        return size > 0 && size < PcapFileSource.WINDOW_LENGTH ? size : PcapFileSource.WINDOW_LENGTH;
    }

    /** Reads until {@code buffer} is full or the channel ends; returns the bytes read. */
    private static long readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break;
            }
        }
        return buffer.position();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Read-only: closing can lose nothing.
            }
        }
    }

    /** Reads standard input to its end (a pipe cannot be mapped), then reads that memory as a capture file. */
    static PacketSource openStandardInput() throws CaptureFileException {
        // Not closed: the channel would close file descriptor 0 for the whole process.
        return open(STANDARD_INPUT, new FileInputStream(FileDescriptor.in).getChannel());
    }

    /**
     * Reads {@code input} to its end into native memory in doubling buffers, then reads that memory as a capture
     * file named {@code name}.
     */
    static PacketSource open(String name, ReadableByteChannel input) throws CaptureFileException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment buffer = arena.allocate(FIRST_STDIN_BUFFER);
            long filled = 0;
            while (true) {
                if (filled == buffer.byteSize()) {
                    Arena bigger = Arena.ofShared();
                    MemorySegment grown = bigger.allocate(buffer.byteSize() * 2);
                    MemorySegment.copy(buffer, 0, grown, 0, filled);
                    arena.close();
                    arena = bigger;
                    buffer = grown;
                }
                long room = Math.min(buffer.byteSize() - filled, MAX_READ);
                int read = input.read(buffer.asSlice(filled, room).asByteBuffer());
                if (read < 0) {
                    break;
                }
                filled += read;
            }
            if (filled < MAGIC_LENGTH) {
                throw emptyFile(name, filled);
            }
            return detect(name, arena, buffer.asSlice(0, filled).asReadOnly());
        } catch (CaptureFileException e) {
            arena.close();
            throw e;
        } catch (IOException | OutOfMemoryError e) {
            arena.close();
            throw new CaptureFileException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    private static CaptureFileException emptyFile(String name, long size) {
        // tcpdump: "truncated dump file; tried to read 4 file header bytes, only got 0".
        return new CaptureFileException(name, 0,
                "file cut short: %d bytes, expected at least a %d-byte magic number".formatted(size, MAGIC_LENGTH));
    }

    /** Whether the bytes start with a pcap magic number, in either byte order. */
    private static boolean isPcap(MemorySegment file) {
        int magic = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        int swapped = Integer.reverseBytes(magic);
        return magic == PcapFileSource.MAGIC_MICROSECONDS || magic == PcapFileSource.MAGIC_NANOSECONDS
                || swapped == PcapFileSource.MAGIC_MICROSECONDS || swapped == PcapFileSource.MAGIC_NANOSECONDS;
    }

    /** Whether the bytes start with the pcapng Section Header Block type. */
    private static boolean isPcapng(MemorySegment file) {
        return file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0)
                == PcapngFileSource.SECTION_HEADER_BLOCK;
    }

    private static PacketSource detect(String name, Arena arena, MemorySegment file) throws CaptureFileException {
        if (isPcap(file)) {
            return new PcapFileSource(name, arena, file);
        }
        if (isPcapng(file)) {
            return new PcapngFileSource(name, arena, file);
        }
        throw unknownFormat(name, file);
    }

    private static CaptureFileException unknownFormat(String name, MemorySegment file) {
        // Shown in file order, as a hex dump shows them.
        return new CaptureFileException(name, 0, ("unknown file format: first bytes %s, expected a pcap magic number"
                + " (a1b2c3d4 or a1b23c4d, in either byte order) or a pcapng section header block (0a0d0d0a)")
                .formatted(HexFormat.of().formatHex(file.asSlice(0, MAGIC_LENGTH).toArray(ValueLayout.JAVA_BYTE))));
    }
}
