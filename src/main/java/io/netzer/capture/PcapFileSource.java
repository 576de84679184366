package io.netzer.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;

/**
 * Reads a classic pcap file (draft-ietf-opsawg-pcap) in place: each record becomes an entry of the batch that
 * points into the mapped file.
 *
 * <pre>
 * File header (section 4), 24 bytes, in the writer's byte order:
 *   0  magic number      0xA1B2C3D4 (microseconds) or 0xA1B23C4D (nanoseconds)
 *   4  major version (2) 6  minor version (4)
 *   8  reserved1         12 reserved2
 *  16  SnapLen
 *  20  LinkType and additional information (FCS length in the upper bits, section 4.1)
 * Packet record (section 5), 16 bytes then the packet:
 *   0  timestamp seconds 4  timestamp microseconds or nanoseconds
 *   8  captured length   12 original (wire) length
 *  16  packet data, captured length bytes, no padding
 * </pre>
 *
 * <p>Leniency, as libpcap and Wireshark: a captured length above the SnapLen is accepted (Solaris BUFMOD wrote such
 * files) up to {@link #MAX_CAPTURED_LENGTH}, above which the record is taken for corruption. Like Wireshark, every
 * captured byte is delivered (libpcap cuts the packet to the SnapLen). Only version 2.4 is read: the older 2.0 to
 * 2.3, whose length fields may be swapped, are refused with their version named.
 */
final class PcapFileSource extends CaptureFileSource {
    /** Magic number of files with microsecond timestamps, as read in the writer's byte order. */
    static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    /** Magic number of files with nanosecond timestamps. */
    static final int MAGIC_NANOSECONDS = 0xA1B23C4D;

    static final int MAJOR_VERSION_OFFSET = 4;
    static final int MINOR_VERSION_OFFSET = MAJOR_VERSION_OFFSET + 2;
    static final int SNAP_LENGTH_OFFSET = 16;
    static final int LINK_TYPE_OFFSET = SNAP_LENGTH_OFFSET + 4;
    static final int FILE_HEADER_LENGTH = LINK_TYPE_OFFSET + 4;

    static final int TIMESTAMP_FRACTION_OFFSET = 4;
    static final int CAPTURED_LENGTH_OFFSET = TIMESTAMP_FRACTION_OFFSET + 4;
    static final int WIRE_LENGTH_OFFSET = CAPTURED_LENGTH_OFFSET + 4;
    static final int RECORD_HEADER_LENGTH = WIRE_LENGTH_OFFSET + 4;

    static final int SUPPORTED_MAJOR_VERSION = 2;
    static final int SUPPORTED_MINOR_VERSION = 4;

    /**
     * The link type proper; the upper six bits carry the FCS length (section 4.1). libpcap masks them off the same
     * way ({@code LT_LINKTYPE}), so a file that declares an FCS still reads as its link type.
     */
    static final int LINK_TYPE_MASK = 0x03FF_FFFF;

    /** Bytes of the window a file is read through: four largest records, so that a slide moves at most a quarter. */
    static final int WINDOW_LENGTH = 4 * (RECORD_HEADER_LENGTH + MAX_CAPTURED_LENGTH);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private boolean nanosecond;
    private long fractionToNanos;
    private int snapLength;
    private int linkType;

    /**
     * Reads the file header.
     *
     * @throws CaptureFileException when the header is cut short, has an unknown magic number or an unsupported
     *                              version
     */
    PcapFileSource(String name, Arena arena, MemorySegment file) throws CaptureFileException {
        super(name, arena, file);
        readFileHeader();
    }

    /**
     * Reads {@code channel} of {@code size} bytes when opened through {@code window}, whose first {@code filled}
     * bytes hold the file's start (at least all of it or a whole window); the source owns the channel.
     *
     * @throws CaptureFileException as {@link #PcapFileSource(String, Arena, MemorySegment)}
     */
    PcapFileSource(String name, Arena arena, MemorySegment window, long filled, FileChannel channel, long size)
            throws CaptureFileException {
        super(name, arena, window, filled, channel, size);
        readFileHeader();
    }

    private void readFileHeader() throws CaptureFileException {
        if (fileSize < FILE_HEADER_LENGTH) {
            throw fault(0, "file header cut short: %d bytes, expected %d", fileSize, FILE_HEADER_LENGTH);
        }
        int magic = readIntLittleEndian(0);
        if (magic == MAGIC_MICROSECONDS || magic == MAGIC_NANOSECONDS) {
            bigEndian = false;
        } else if (Integer.reverseBytes(magic) == MAGIC_MICROSECONDS
                || Integer.reverseBytes(magic) == MAGIC_NANOSECONDS) {
            bigEndian = true;
        } else {
            throw fault(0, "magic number 0x%08x, expected 0x%08x or 0x%08x", magic, MAGIC_MICROSECONDS,
                    MAGIC_NANOSECONDS);
        }
        nanosecond = readInt(0) == MAGIC_NANOSECONDS;
        fractionToNanos = nanosecond ? 1 : 1_000;
        int major = readUnsignedShort(MAJOR_VERSION_OFFSET);
        int minor = readUnsignedShort(MINOR_VERSION_OFFSET);
        if (major != SUPPORTED_MAJOR_VERSION || minor != SUPPORTED_MINOR_VERSION) {
            throw fault(MAJOR_VERSION_OFFSET, "unsupported pcap version %d.%d, expected %d.%d", major, minor,
                    SUPPORTED_MAJOR_VERSION, SUPPORTED_MINOR_VERSION);
        }
        int declaredSnapLength = readInt(SNAP_LENGTH_OFFSET);
        // Zero or a value past int range means "no limit" to the writer; libpcap then assumes its maximum.
        snapLength = declaredSnapLength <= 0 ? MAX_CAPTURED_LENGTH : declaredSnapLength;
        linkType = readInt(LINK_TYPE_OFFSET) & LINK_TYPE_MASK;
        position = FILE_HEADER_LENGTH;
    }

    @Override
    void fill(PacketBatch batch) throws CaptureFileException {
        // A record that the window's end cuts ends this batch; the next one slides it to the window's start.
        slide(RECORD_HEADER_LENGTH + MAX_CAPTURED_LENGTH);
        long record = position;
        while (!batch.isFull() && record != fileSize) {
            if (fileSize - record < RECORD_HEADER_LENGTH) {
                if (!atEnd()) {
                    break;
                }
                position = record;
                throw fault(record, "record header cut short: %d bytes, expected %d", fileSize - record,
                        RECORD_HEADER_LENGTH);
            }
            long lengths = readIntPair(record + CAPTURED_LENGTH_OFFSET);
            int capturedLength = (int) lengths;
            if (capturedLength < 0 || capturedLength > MAX_CAPTURED_LENGTH) {
                position = record;
                throw fault(record, "record captured length %d exceeds the maximum %d (snapshot length %d)",
                        Integer.toUnsignedLong(capturedLength), MAX_CAPTURED_LENGTH, snapLength);
            }
            long data = record + RECORD_HEADER_LENGTH;
            if (fileSize - data < capturedLength) {
                if (!atEnd()) {
                    break;
                }
                position = record;
                throw fault(record, "record data cut short: %d bytes, expected the captured length %d",
                        fileSize - data, capturedLength);
            }
            long time = readIntPair(record);
            long seconds = time & 0xFFFF_FFFFL;
            long fraction = time >>> Integer.SIZE;
            batch.add(data, capturedLength, (int) (lengths >>> Integer.SIZE),
                    seconds * NANOS_PER_SECOND + fraction * fractionToNanos, linkType, 0);
            record = data + capturedLength;
        }
        position = record;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public int snapshotLength() {
        return snapLength;
    }

    @Override
    public boolean nanosecondTimestamps() {
        return nanosecond;
    }

    @Override
    public String interfaceName(int interfaceIndex) {
        return null;
    }
}
