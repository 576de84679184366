package io.netzer.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pcapng file (draft-ietf-opsawg-pcapng) in place: packet blocks become entries of the batch that point
 * into the mapped file; the blocks around them describe interfaces or are skipped by their length.
 *
 * <pre>
 * Every block (section 3.1):  0 Block Type  4 Block Total Length  8 Block Body ...  (length - 4) Block Total Length
 * Section Header Block (4.1): 8 Byte-Order Magic 0x1A2B3C4D  12 Major 1  14 Minor 0  16 Section Length (64)  24 opts
 * Interface Description (4.2): 8 LinkType (16)  10 Reserved  12 SnapLen  16 options
 * Enhanced Packet (4.3):      8 Interface ID  12 Timestamp high  16 low  20 Captured Len  24 Original Len  28 data
 * Simple Packet (4.4):        8 Original Packet Length  12 data (captured = min(original, SnapLen of interface 0))
 * Packet, obsolete (appendix): 8 Interface ID (16)  10 Drops (16)  12 ts high  16 ts low  20 Captured  24 Original
 * </pre>
 *
 * <p>Each section has its own byte order and its own interfaces; as in Wireshark, interfaces are numbered across
 * the whole file, so the packets of the second section's first interface carry the index that follows the first
 * section's last interface. Name Resolution, Interface Statistics, Decryption Secrets, custom and unknown blocks
 * are skipped.
 *
 * <p>Leniency: a captured length above the interface's SnapLen is accepted up to {@link #MAX_CAPTURED_LENGTH}, as
 * Wireshark does and as libpcap does for classic pcap (libpcap refuses it in pcapng); an interface of another link
 * type than the first is read, where libpcap stops.
 */
final class PcapngFileSource extends CaptureFileSource {
    static final int SECTION_HEADER_BLOCK = 0x0A0D_0D0A;
    static final int INTERFACE_DESCRIPTION_BLOCK = 0x0000_0001;
    static final int PACKET_BLOCK = 0x0000_0002;
    static final int SIMPLE_PACKET_BLOCK = 0x0000_0003;
    static final int ENHANCED_PACKET_BLOCK = 0x0000_0006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B_3C4D;

    static final int BLOCK_LENGTH_OFFSET = 4;
    static final int BLOCK_BODY_OFFSET = 8;
    static final int BLOCK_TRAILER_LENGTH = 4;
    static final int MIN_BLOCK_LENGTH = BLOCK_BODY_OFFSET + BLOCK_TRAILER_LENGTH;

    static final int BYTE_ORDER_MAGIC_OFFSET = 8;
    static final int MAJOR_VERSION_OFFSET = 12;
    static final int MINOR_VERSION_OFFSET = 14;
    static final int SECTION_OPTIONS_OFFSET = 24;
    static final int MIN_SECTION_HEADER_LENGTH = SECTION_OPTIONS_OFFSET + BLOCK_TRAILER_LENGTH;
    static final int SUPPORTED_MAJOR_VERSION = 1;

    static final int INTERFACE_LINK_TYPE_OFFSET = 8;
    static final int INTERFACE_SNAP_LENGTH_OFFSET = 12;
    static final int INTERFACE_OPTIONS_OFFSET = 16;

    /** Enhanced and obsolete packet blocks share this layout after the interface field. */
    static final int PACKET_TIMESTAMP_HIGH_OFFSET = 12;
    static final int PACKET_TIMESTAMP_LOW_OFFSET = 16;
    static final int PACKET_CAPTURED_LENGTH_OFFSET = 20;
    static final int PACKET_WIRE_LENGTH_OFFSET = 24;
    static final int PACKET_DATA_OFFSET = 28;
    static final int SIMPLE_PACKET_DATA_OFFSET = 12;

    /**
     * Interfaces kept for one file. An IDB costs 20 bytes of file but an object of memory; the cap bounds what a
     * hostile file can make us hold.
     */
    static final int MAX_INTERFACES = 65_536;

    private final List<PcapngInterface> interfaces = new ArrayList<>();
    private final PcapngOptions options = new PcapngOptions(this);
    /** Global index of the current section's interface 0. */
    private int sectionFirstInterface;
    private final PcapngInterface firstInterface;
    private final boolean nanosecond;

    /**
     * Reads the first Section Header Block and every block up to the first packet block, so that the link type,
     * snapshot length and timestamp precision are known before the first batch.
     *
     * @throws CaptureFileException when those blocks are corrupt or no interface precedes the first packet
     */
    PcapngFileSource(String name, Arena arena, MemorySegment file) throws CaptureFileException {
        super(name, arena, file);
        readBlocks(null);
        if (interfaces.isEmpty()) {
            throw fault(position, "no Interface Description Block before the first packet block or the end of file");
        }
        firstInterface = interfaces.getFirst();
        boolean fine = false;
        for (PcapngInterface described : interfaces) {
            fine |= described.finerThanMicroseconds();
        }
        nanosecond = fine;
    }

    @Override
    void fill(PacketBatch batch) throws CaptureFileException {
        readBlocks(batch);
    }

    /**
     * Walks blocks from {@link #position} until the batch is full or the file ends; with no batch, stops in front
     * of the first packet block.
     */
    private void readBlocks(PacketBatch batch) throws CaptureFileException {
        while (position != fileSize && (batch == null || !batch.isFull())) {
            long block = position;
            if (fileSize - block < MIN_BLOCK_LENGTH) {
                throw fault(block, "block header cut short: %d bytes, expected at least %d", fileSize - block,
                        MIN_BLOCK_LENGTH);
            }
            // The SHB type reads the same in both byte orders, and sets the order of everything after it.
            int type = readInt(block);
            if (type == SECTION_HEADER_BLOCK) {
                position = block + readSectionHeader(block);
                continue;
            }
            long length = checkBlockLength(block, MIN_BLOCK_LENGTH, "block");
            boolean packet = type == ENHANCED_PACKET_BLOCK || type == SIMPLE_PACKET_BLOCK || type == PACKET_BLOCK;
            if (packet && batch == null) {
                return;
            }
            switch (type) {
                case INTERFACE_DESCRIPTION_BLOCK -> readInterface(block, length);
                case ENHANCED_PACKET_BLOCK -> addPacket(batch, block, length, readInt(block + BLOCK_BODY_OFFSET),
                        "enhanced packet block");
                case PACKET_BLOCK -> addPacket(batch, block, length,
                        readUnsignedShort(block + BLOCK_BODY_OFFSET), "packet block");
                case SIMPLE_PACKET_BLOCK -> addSimplePacket(batch, block, length);
                default -> {
                    // Section 4.5 onwards and custom blocks: nothing a packet needs.
                }
            }
            position = block + length;
        }
    }

    /**
     * Checks a block's framing (section 3.1): a length of at least {@code minimum}, a multiple of 4, inside the
     * file, and repeated in the trailer.
     *
     * @return the block's total length
     */
    private long checkBlockLength(long block, int minimum, String what) throws CaptureFileException {
        long length = readUnsignedInt(block + BLOCK_LENGTH_OFFSET);
        if (length < minimum) {
            throw fault(block, "%s total length %d is less than the minimum %d", what, length, minimum);
        }
        if (length % 4 != 0) {
            throw fault(block, "%s total length %d is not a multiple of 4", what, length);
        }
        if (length > fileSize - block) {
            throw fault(block, "%s total length %d overruns the file: %d bytes remain", what, length,
                    fileSize - block);
        }
        long trailer = readUnsignedInt(block + length - BLOCK_TRAILER_LENGTH);
        if (trailer != length) {
            throw fault(block + length - BLOCK_TRAILER_LENGTH,
                    "%s trailing total length %d does not match the leading total length %d", what, trailer, length);
        }
        return length;
    }

    /** Reads a Section Header Block (section 4.1), which starts a new set of interfaces and may change byte order. */
    private long readSectionHeader(long block) throws CaptureFileException {
        int magic = readIntLittleEndian(block + BYTE_ORDER_MAGIC_OFFSET);
        if (magic == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else {
            throw fault(block + BYTE_ORDER_MAGIC_OFFSET,
                    "section header byte-order magic 0x%08x, expected 0x%08x in either byte order", magic,
                    BYTE_ORDER_MAGIC);
        }
        long length = checkBlockLength(block, MIN_SECTION_HEADER_LENGTH, "section header block");
        int major = readUnsignedShort(block + MAJOR_VERSION_OFFSET);
        int minor = readUnsignedShort(block + MINOR_VERSION_OFFSET);
        // Versions 1.0 and 1.2 are the same format (libpcap reads both); any other means a different layout.
        if (major != SUPPORTED_MAJOR_VERSION || (minor != 0 && minor != 2)) {
            throw fault(block + MAJOR_VERSION_OFFSET, "unsupported pcapng version %d.%d, expected 1.0 or 1.2",
                    major, minor);
        }
        options.walk(block, SECTION_OPTIONS_OFFSET, length, false);
        sectionFirstInterface = interfaces.size();
        return length;
    }

    /** Reads an Interface Description Block (section 4.2) with its options if_name, if_tsresol, if_tsoffset. */
    private void readInterface(long block, long length) throws CaptureFileException {
        if (length < INTERFACE_OPTIONS_OFFSET + BLOCK_TRAILER_LENGTH) {
            throw fault(block, "interface description block total length %d is less than the minimum %d", length,
                    INTERFACE_OPTIONS_OFFSET + BLOCK_TRAILER_LENGTH);
        }
        if (interfaces.size() == MAX_INTERFACES) {
            throw fault(block, "more than %d interface description blocks", MAX_INTERFACES);
        }
        int linkType = readUnsignedShort(block + INTERFACE_LINK_TYPE_OFFSET);
        long snapLength = readUnsignedInt(block + INTERFACE_SNAP_LENGTH_OFFSET);
        options.walk(block, INTERFACE_OPTIONS_OFFSET, length, true);
        interfaces.add(new PcapngInterface(linkType, (int) Math.min(snapLength, Integer.MAX_VALUE),
                options.interfaceName(), options.binaryResolution(), options.resolutionExponent(),
                options.offsetSeconds()));
    }

    /** Adds the packet of an Enhanced Packet Block (section 4.3) or an obsolete Packet Block (appendix A). */
    private void addPacket(PacketBatch batch, long block, long length, int interfaceId, String what)
            throws CaptureFileException {
        if (length < PACKET_DATA_OFFSET + BLOCK_TRAILER_LENGTH) {
            throw fault(block, "%s total length %d is less than the minimum %d", what, length,
                    PACKET_DATA_OFFSET + BLOCK_TRAILER_LENGTH);
        }
        PcapngInterface described = sectionInterface(block, interfaceId, what);
        int capturedLength = readInt(block + PACKET_CAPTURED_LENGTH_OFFSET);
        if (capturedLength < 0 || capturedLength > MAX_CAPTURED_LENGTH) {
            throw fault(block, "%s captured length %d exceeds the maximum %d", what,
                    Integer.toUnsignedLong(capturedLength), MAX_CAPTURED_LENGTH);
        }
        long room = length - PACKET_DATA_OFFSET - BLOCK_TRAILER_LENGTH;
        if (capturedLength > room) {
            throw fault(block, "%s captured length %d overruns the block: %d bytes of packet data", what,
                    capturedLength, room);
        }
        long units = (readUnsignedInt(block + PACKET_TIMESTAMP_HIGH_OFFSET) << Integer.SIZE)
                | readUnsignedInt(block + PACKET_TIMESTAMP_LOW_OFFSET);
        batch.add(block + PACKET_DATA_OFFSET, capturedLength, readInt(block + PACKET_WIRE_LENGTH_OFFSET),
                described.timestampNanos(units), described.linkType(), sectionFirstInterface + interfaceId);
    }

    /** Adds the packet of a Simple Packet Block (section 4.4): interface 0, no timestamp. */
    private void addSimplePacket(PacketBatch batch, long block, long length) throws CaptureFileException {
        PcapngInterface described = sectionInterface(block, 0, "simple packet block");
        int wireLength = readInt(block + BLOCK_BODY_OFFSET);
        long capturedLength = Integer.toUnsignedLong(wireLength);
        if (described.snapLength() != 0) {
            capturedLength = Math.min(capturedLength, described.snapLength());
        }
        capturedLength = Math.min(capturedLength, MAX_CAPTURED_LENGTH);
        long room = length - SIMPLE_PACKET_DATA_OFFSET - BLOCK_TRAILER_LENGTH;
        if (capturedLength > room) {
            throw fault(block, "simple packet block holds %d bytes of packet data, expected %d", room,
                    capturedLength);
        }
        batch.add(block + SIMPLE_PACKET_DATA_OFFSET, (int) capturedLength, wireLength, 0, described.linkType(),
                sectionFirstInterface);
    }

    private PcapngInterface sectionInterface(long block, int interfaceId, String what) throws CaptureFileException {
        int sectionInterfaces = interfaces.size() - sectionFirstInterface;
        if (interfaceId < 0 || interfaceId >= sectionInterfaces) {
            throw fault(block, "%s on interface %d, but the section has %d interface description blocks", what,
                    Integer.toUnsignedLong(interfaceId), sectionInterfaces);
        }
        return interfaces.get(sectionFirstInterface + interfaceId);
    }

    @Override
    public int linkType() {
        return firstInterface.linkType();
    }

    /** The first interface's snapshot length; "no limit" (0) reads as libpcap's maximum. */
    @Override
    public int snapshotLength() {
        int snapLength = firstInterface.snapLength();
        return snapLength == 0 ? MAX_CAPTURED_LENGTH : snapLength;
    }

    /** Whether an interface described before the first packet has a resolution finer than microseconds. */
    @Override
    public boolean nanosecondTimestamps() {
        return nanosecond;
    }

    @Override
    public String interfaceName(int interfaceIndex) {
        return interfaceIndex >= 0 && interfaceIndex < interfaces.size() ? interfaces.get(interfaceIndex).name()
                : null;
    }
}
