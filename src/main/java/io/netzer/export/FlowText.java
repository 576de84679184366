package io.netzer.export;

import io.netzer.dissect.TunnelStack;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import java.lang.foreign.MemorySegment;

/**
 * The details of a flow's text line:
 *
 * <pre>
 * 15:59:40.000001 FLOW  192.0.2.10.51234      > 198.51.100.7.443      tcp 12 pkts 1834 B > 10 pkts 9120 B 1.204512 s closed (closed)
 * </pre>
 *
 * (packets and bytes from the initiator, then from the responder, the duration, the state and why the event),
 * then for a flow that came in a tunnel the outermost one, initiator's node first, and its VNI or GRE key:
 * {@code via vxlan 192.168.0.1.50001 > 192.168.0.2.4789 vni 42}.
 */
final class FlowText {
    private static final double NANOS_PER_SECOND = 1e9;

    private FlowText() {
    }

    static void details(StringBuilder line, FlowView flow) {
        line.append(PacketFields.transportName(flow.protocol())).append(' ');
        line.append(flow.packets(StreamListener.FROM_INITIATOR)).append(" pkts ")
                .append(flow.bytes(StreamListener.FROM_INITIATOR)).append(" B > ")
                .append(flow.packets(StreamListener.FROM_RESPONDER)).append(" pkts ")
                .append(flow.bytes(StreamListener.FROM_RESPONDER)).append(" B ");
        line.append(String.format("%.6f s ", (flow.endNanos() - flow.startNanos()) / NANOS_PER_SECOND));
        line.append(flow.state().label()).append(" (").append(flow.endReason().label()).append(')');
        if (flow.tunnelType() != 0) {
            tunnel(line, flow);
        }
    }

    private static void tunnel(StringBuilder line, FlowView flow) {
        line.append(" via ").append(TunnelStack.name(flow.tunnelType())).append(' ');
        tunnelEndpoint(line, flow, StreamListener.FROM_INITIATOR);
        line.append(" > ");
        tunnelEndpoint(line, flow, StreamListener.FROM_RESPONDER);
        if (flow.tunnelId() >= 0) {
            line.append(flow.tunnelType() == TunnelStack.GRE ? " key " : " vni ").append(flow.tunnelId());
        }
    }

    private static void tunnelEndpoint(StringBuilder line, FlowView flow, int side) {
        byte[] address = new byte[flow.tunnelAddressLength()];
        flow.tunnelAddress(side, MemorySegment.ofArray(address), 0);
        char[] text = new char[64];
        line.append(text, 0, AddressFormat.ip(address, 0, address.length, text, 0));
        if (flow.tunnelPort(side) >= 0) {
            line.append('.').append(flow.tunnelPort(side));
        }
    }
}
