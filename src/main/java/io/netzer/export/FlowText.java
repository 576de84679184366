package io.netzer.export;

import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import java.lang.foreign.MemorySegment;

/**
 * Flow addresses as text, and the details of a flow's text line:
 *
 * <pre>
 * 15:59:40.000001 FLOW  192.0.2.10.51234      > 198.51.100.7.443      tcp 12 pkts 1834 B > 10 pkts 9120 B 1.204512 s closed (closed)
 * </pre>
 *
 * (packets and bytes from the initiator, then from the responder, the duration, the state and why the event).
 */
final class FlowText {
    private static final int IPV4_LENGTH = 4;
    private static final double NANOS_PER_SECOND = 1e9;

    private FlowText() {
    }

    /** Writes a 4- or 16-byte address held in an array. */
    static int address(byte[] address, int length, char[] out, int position) {
        if (length == IPV4_LENGTH) {
            int value = (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8
                    | (address[3] & 0xff);
            return AddressFormat.ipv4(value, out, position);
        }
        return AddressFormat.ipv6(MemorySegment.ofArray(address), 0, out, position);
    }

    static void details(StringBuilder line, FlowView flow) {
        line.append(PacketFields.transportName(flow.protocol())).append(' ');
        line.append(flow.packets(StreamListener.FROM_INITIATOR)).append(" pkts ")
                .append(flow.bytes(StreamListener.FROM_INITIATOR)).append(" B > ")
                .append(flow.packets(StreamListener.FROM_RESPONDER)).append(" pkts ")
                .append(flow.bytes(StreamListener.FROM_RESPONDER)).append(" B ");
        line.append(String.format("%.6f s ", (flow.endNanos() - flow.startNanos()) / NANOS_PER_SECOND));
        line.append(flow.state().label()).append(" (").append(flow.endReason().label()).append(')');
    }
}
