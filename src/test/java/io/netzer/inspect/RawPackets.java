package io.netzer.inspect;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Test helper: IPv4 TCP and UDP packets between a client and a server (built by {@link FlowFrames}), dissected,
 * for driving the flow stage and the app inspector without a capture file; and DNS messages to put in them.
 */
final class RawPackets {
    static final int FIN = FlowFrames.FIN;
    static final int SYN = FlowFrames.SYN;
    static final int PSH = FlowFrames.PSH;
    static final int ACK = FlowFrames.ACK;
    static final int CLIENT = 0x0a000001;
    static final int SERVER = 0x0a000002;

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();

    Packet packet() {
        return packet;
    }

    Dissector dissector() {
        return dissector;
    }

    /** Wraps and dissects a frame at the given time (nanoseconds). */
    RawPackets wrap(byte[] frame, long timeNanos) {
        FlowFrames.dissect(frame, timeNanos, packet, dissector);
        return this;
    }

    /** A UDP datagram from {@code source} to {@code destination}: CLIENT sends from the client's side. */
    static byte[] udp(int source, int sourcePort, int destination, int destinationPort, byte[] payload) {
        boolean fromClient = source == CLIENT;
        return FlowFrames.udp(endpoints(fromClient, source, sourcePort, destination, destinationPort), fromClient,
                payload);
    }

    /** A TCP segment from {@code source} to {@code destination}: CLIENT sends from the client's side. */
    static byte[] tcp(int source, int sourcePort, int destination, int destinationPort, long seq, long ack,
            int flags, byte[] payload) {
        boolean fromClient = source == CLIENT;
        return FlowFrames.tcp(endpoints(fromClient, source, sourcePort, destination, destinationPort), fromClient,
                seq, ack, flags, payload);
    }

    private static FlowFrames.Endpoints endpoints(boolean fromClient, int source, int sourcePort, int destination,
            int destinationPort) {
        return fromClient ? FlowFrames.Endpoints.ipv4(source, sourcePort, destination, destinationPort)
                : FlowFrames.Endpoints.ipv4(destination, destinationPort, source, sourcePort);
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

    /** Stream bytes as the reassembler hands them on: a slice of memory that is valid during the call only. */
    static void deliver(AppInspector inspector, int slot, int direction, byte[] bytes, int from, int length) {
        if (length == 0) {
            return;
        }
        byte[] copy = new byte[length + 10];
        System.arraycopy(bytes, from, copy, 5, length);
        inspector.streamData(slot, direction, MemorySegment.ofArray(copy), 5, length, null);
        Arrays.fill(copy, (byte) 0xee);
    }
}
