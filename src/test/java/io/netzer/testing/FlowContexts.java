package io.netzer.testing;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.EndReason;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowTable;
import io.netzer.pipeline.EventContext;
import java.nio.ByteBuffer;

/**
 * Event contexts over real flows, for the event writers' tests: a flow table sees one frame, and the context is
 * its view in the frame's direction, as the app inspector hands it on.
 */
public final class FlowContexts {
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int GRE_KEY_PRESENT = 0x2000;

    private FlowContexts() {
    }

    /** The context of a message in {@code frame}'s flow and direction (its sender is the source), at {@code nanos}. */
    public static EventContext of(byte[] frame, long nanos) {
        Packet packet = new Packet();
        Dissector dissector = new Dissector();
        FlowFrames.dissect(frame, nanos, packet, dissector);
        FlowTable table = new FlowTable(FlowConfig.defaults());
        if (table.lookup(dissector) != FlowTable.NOT_FOUND) {
            throw new IllegalArgumentException("not an IP frame");
        }
        int found = table.create(packet, dissector);
        table.update(FlowTable.slot(found), FlowTable.direction(found), packet, dissector);
        return new EventContext().of(table.view(FlowTable.slot(found), EndReason.ACTIVE_TIMEOUT),
                FlowTable.direction(found)).at(nanos, -1);
    }

    /** {@code frame}'s IPv4 packet in GRE with {@code key}, from {@code source} to {@code destination}. */
    public static byte[] overGre(byte[] frame, int source, int destination, long key) {
        int inner = frame.length - ETHERNET_HEADER_LENGTH;
        ByteBuffer out = ByteBuffer.allocate(ETHERNET_HEADER_LENGTH + 20 + 8 + inner);
        out.put(frame, 0, ETHERNET_HEADER_LENGTH);       // the frame's own Ethernet header (IPv4)
        out.put((byte) 0x45);                           // version 4, header 5 words
        out.put((byte) 0);                              // type of service
        out.putShort((short) (20 + 8 + inner));         // total length
        out.putShort((short) 0);                        // identification
        out.putShort((short) 0);                        // flags, fragment offset
        out.put((byte) 64);                             // TTL
        out.put((byte) 47);                             // protocol: GRE
        out.putShort((short) 0);                        // header checksum (not checked)
        out.putInt(source);                             // outer source address
        out.putInt(destination);                        // outer destination address
        out.putShort((short) GRE_KEY_PRESENT);          // GRE flags: key present, version 0
        out.putShort((short) 0x0800);                   // protocol type: IPv4
        out.putInt((int) key);                          // key
        out.put(frame, ETHERNET_HEADER_LENGTH, inner);  // the inner IPv4 packet
        return out.array();
    }
}
