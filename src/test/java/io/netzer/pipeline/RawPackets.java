package io.netzer.pipeline;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: raw IPv4 packets (link type RAW) with a TCP or UDP header, dissected, for driving the flow stage
 * and the app inspector without a capture file. Checksums are left zero: nothing here verifies them.
 */
final class RawPackets {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final byte[] CLIENT = {10, 0, 0, 1};
    static final byte[] SERVER = {10, 0, 0, 2};

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private long sequence;

    Packet packet() {
        return packet;
    }

    Dissector dissector() {
        return dissector;
    }

    /** Wraps and dissects a packet at the given time (nanoseconds). */
    RawPackets wrap(byte[] bytes, long timeNanos) {
        packet.wrap(MemorySegment.ofArray(bytes), 0, bytes.length, bytes.length, timeNanos, LinkType.RAW, 0,
                ++sequence);
        dissector.dissect(packet);
        return this;
    }

    /** IPv4 header (version 4, IHL 5, total length, TTL 64, protocol, addresses), then the transport bytes. */
    static byte[] ipv4(int protocol, byte[] source, byte[] destination, byte[] transport) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x45);
        out.write(0);
        u16(out, 20 + transport.length);
        u16(out, 1);          // identification
        u16(out, 0x4000);     // don't fragment
        out.write(64);        // TTL
        out.write(protocol);
        u16(out, 0);          // checksum
        out.writeBytes(source);
        out.writeBytes(destination);
        out.writeBytes(transport);
        return out.toByteArray();
    }

    /** UDP header: ports, length, checksum 0; then the payload. */
    static byte[] udp(byte[] source, int sourcePort, byte[] destination, int destinationPort, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, sourcePort);
        u16(out, destinationPort);
        u16(out, 8 + payload.length);
        u16(out, 0);
        out.writeBytes(payload);
        return ipv4(17, source, destination, out.toByteArray());
    }

    /** TCP header of 20 bytes: ports, sequence, acknowledgment, data offset 5, flags, window; then the payload. */
    static byte[] tcp(byte[] source, int sourcePort, byte[] destination, int destinationPort, long seq, long ack,
            int flags, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, sourcePort);
        u16(out, destinationPort);
        u32(out, seq);
        u32(out, ack);
        out.write(5 << 4);
        out.write(flags);
        u16(out, 65535);      // window
        u16(out, 0);          // checksum
        u16(out, 0);          // urgent pointer
        out.writeBytes(payload);
        return ipv4(6, source, destination, out.toByteArray());
    }

    /**
     * A DNS message: ID, flags (0x0100 query with RD, or 0x8180 response), one question (name, type, class IN),
     * and for a response one A answer (a pointer to the question's name, A, IN, TTL 60, 4 bytes).
     */
    static byte[] dns(int id, boolean response, String name, byte[] answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, id);
        u16(out, response ? 0x8180 : 0x0100);
        u16(out, 1);
        u16(out, response ? 1 : 0);
        u16(out, 0);
        u16(out, 0);
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        u16(out, 1);          // QTYPE A
        u16(out, 1);          // QCLASS IN
        if (response) {
            u16(out, 0xc00c); // pointer to the name at offset 12
            u16(out, 1);
            u16(out, 1);
            u32(out, 60);
            u16(out, answer.length);
            out.writeBytes(answer);
        }
        return out.toByteArray();
    }

    /** A DNS message with its 2-byte TCP length prefix (RFC 1035 section 4.2.2). */
    static byte[] lengthPrefixed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, message.length);
        out.writeBytes(message);
        return out.toByteArray();
    }

    static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    static void u32(ByteArrayOutputStream out, long value) {
        u16(out, (int) (value >>> 16) & 0xffff);
        u16(out, (int) value & 0xffff);
    }
}
