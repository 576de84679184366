package io.netzer.capture;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.testing.TestNetwork;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Reads a live source until it has seen the UDP datagrams {@link TestNetwork#sendUdp} sends, or time runs out. */
final class UdpCollector {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** One captured datagram of the test, with its number from the payload. */
    record Datagram(int number, int sourcePort, int capturedLength, int wireLength, long timestampNanos,
            int interfaceIndex, long sequence) {
    }

    /** Everything a collection saw. */
    record Collected(List<Datagram> datagrams, long otherPackets, int batches) {
    }

    private UdpCollector() {
    }

    /**
     * Reads {@code source} until {@code expected} test datagrams arrived on {@code interfaceIndex} (0: any) or
     * {@code timeoutMillis} passed.
     */
    static Collected collect(PacketSource source, int expected, int interfaceIndex, long timeoutMillis)
            throws IOException {
        PacketBatch batch = new PacketBatch(64);
        Packet packet = new Packet();
        List<Datagram> datagrams = new ArrayList<>();
        long others = 0;
        int batches = 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (datagrams.size() < expected && System.nanoTime() < deadline && source.nextBatch(batch)) {
            batches++;
            for (int i = 0; i < batch.count(); i++) {
                batch.packet(i, packet);
                Datagram datagram = parse(packet);
                if (datagram != null && (interfaceIndex == 0 || packet.interfaceIndex() == interfaceIndex)) {
                    datagrams.add(datagram);
                } else {
                    others++;
                }
            }
        }
        return new Collected(datagrams, others, batches);
    }

    /** The test datagram in {@code packet}, or null when it is something else. */
    static Datagram parse(Packet packet) {
        MemorySegment s = packet.segment();
        long at = packet.offset();
        int ip;
        if (packet.linkType() == LinkType.ETHERNET) {
            ip = 14;
            if (packet.capturedLength() < ip || Short.toUnsignedInt(s.get(U16, at + 12)) != 0x0800) {
                return null;
            }
        } else if (packet.linkType() == LinkType.LINUX_SLL) {
            ip = 16;
            if (packet.capturedLength() < ip || Short.toUnsignedInt(s.get(U16, at + 14)) != 0x0800) {
                return null;
            }
        } else {
            return null;
        }
        if (packet.capturedLength() < ip + 20 + 8 || s.get(ValueLayout.JAVA_BYTE, at + ip + 9) != 17) {
            return null;
        }
        long udp = at + ip + 20;
        if (Short.toUnsignedInt(s.get(U16, udp + 2)) != TestNetwork.UDP_PORT) {
            return null;
        }
        int number = packet.capturedLength() >= ip + 32 ? s.get(U32, udp + 8) : -1;
        return new Datagram(number, Short.toUnsignedInt(s.get(U16, udp)), packet.capturedLength(),
                (int) packet.wireLength(), packet.timestampNanos(), packet.interfaceIndex(), packet.sequence());
    }
}
