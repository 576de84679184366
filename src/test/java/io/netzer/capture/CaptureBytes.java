package io.netzer.capture;

import io.netzer.dissect.Packet;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds capture files byte by byte for tests (each caller comments its fields), and reads a source to its end
 * keeping what it delivered and the fault it ended with.
 */
final class CaptureBytes {
    private final ByteBuffer bytes = ByteBuffer.allocate(8 << 20);

    CaptureBytes(ByteOrder order) {
        bytes.order(order);
    }

    static CaptureBytes littleEndian() {
        return new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
    }

    static CaptureBytes bigEndian() {
        return new CaptureBytes(ByteOrder.BIG_ENDIAN);
    }

    /** Switches the order of the fields that follow (a pcapng section of the other order). */
    CaptureBytes order(ByteOrder order) {
        bytes.order(order);
        return this;
    }

    CaptureBytes u8(int value) {
        bytes.put((byte) value);
        return this;
    }

    CaptureBytes u16(int value) {
        bytes.putShort((short) value);
        return this;
    }

    CaptureBytes u32(long value) {
        bytes.putInt((int) value);
        return this;
    }

    CaptureBytes u64(long value) {
        bytes.putLong(value);
        return this;
    }

    /** {@code length} bytes counting up from {@code first}, so that tests can tell packets apart. */
    CaptureBytes data(int first, int length) {
        for (int i = 0; i < length; i++) {
            bytes.put((byte) (first + i));
        }
        return this;
    }

    /** Bytes written so far: the offset of the next field. */
    int size() {
        return bytes.position();
    }

    byte[] toArray() {
        byte[] array = new byte[bytes.position()];
        bytes.get(0, array);
        return array;
    }

    Path writeTo(Path file) throws IOException {
        return Files.write(file, toArray());
    }

    /** A classic pcap file header (draft-ietf-opsawg-pcap section 4). */
    CaptureBytes pcapHeader(int magic, int snapLength, int linkType) {
        u32(magic);              // magic number
        u16(2);                  // major version
        u16(4);                  // minor version
        u32(0);                  // reserved1
        u32(0);                  // reserved2
        u32(snapLength);         // SnapLen
        return u32(linkType);    // LinkType and FCS bits
    }

    /** A pcap record (section 5) whose data counts up from {@code first}. */
    CaptureBytes pcapRecord(long seconds, long fraction, int capturedLength, int wireLength, int first) {
        u32(seconds);            // timestamp seconds
        u32(fraction);           // timestamp microseconds or nanoseconds
        u32(capturedLength);     // captured length
        u32(wireLength);         // original length
        return data(first, capturedLength);
    }

    /** A pcapng Section Header Block (draft-ietf-opsawg-pcapng section 4.1) without options: 28 bytes. */
    CaptureBytes sectionHeader() {
        u32(0x0A0D0D0A);         // block type
        u32(28);                 // block total length
        u32(0x1A2B3C4D);         // byte-order magic
        u16(1);                  // major version
        u16(0);                  // minor version
        u64(-1);                 // section length: unknown
        return u32(28);          // block total length
    }

    /** An Interface Description Block (section 4.2) without options: 20 bytes. */
    CaptureBytes interfaceDescription(int linkType, int snapLength) {
        u32(1);                  // block type
        u32(20);                 // block total length
        u16(linkType);           // LinkType
        u16(0);                  // reserved
        u32(snapLength);         // SnapLen
        return u32(20);          // block total length
    }

    /** An Enhanced Packet Block (section 4.3) without options, data counting up from {@code first}. */
    CaptureBytes enhancedPacket(int interfaceId, long timestamp, int capturedLength, int wireLength, int first) {
        int padded = (capturedLength + 3) & ~3;
        int length = 32 + padded;
        u32(6);                  // block type
        u32(length);             // block total length
        u32(interfaceId);        // interface ID
        u32(timestamp >>> 32);   // timestamp (high)
        u32(timestamp);          // timestamp (low)
        u32(capturedLength);     // captured packet length
        u32(wireLength);         // original packet length
        data(first, capturedLength);
        data(0, padded - capturedLength);    // padding to 32 bits
        return u32(length);      // block total length
    }

    /** What a source delivered before it ended, and the fault it ended with (null at a clean end). */
    record Reading(List<String> packets, CaptureFileException fault) {
    }

    /**
     * Reads a source to its end in batches of two, each packet as "sequence time caplen len interface linktype
     * firstByte".
     */
    static Reading read(PacketSource source) throws IOException {
        List<String> packets = new ArrayList<>();
        PacketBatch batch = new PacketBatch(2);
        Packet packet = new Packet();
        try {
            while (source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    batch.packet(i, packet);
                    int first = packet.capturedLength() == 0 ? -1
                            : Byte.toUnsignedInt(packet.segment().get(ValueLayout.JAVA_BYTE, packet.offset()));
                    packets.add(packet.sequence() + " " + packet.timestampNanos() + " " + packet.capturedLength()
                            + " " + packet.wireLength() + " " + packet.interfaceIndex() + " " + packet.linkType() + " "
                            + first);
                }
            }
            return new Reading(packets, null);
        } catch (CaptureFileException e) {
            return new Reading(packets, e);
        }
    }
}
