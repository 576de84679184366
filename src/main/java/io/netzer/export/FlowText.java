package io.netzer.export;

import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;

/**
 * The details of a flow's text line:
 *
 * <pre>
 * 15:59:40.000001 FLOW  192.0.2.10.51234      > 198.51.100.7.443      tcp 12 pkts 1834 B > 10 pkts 9120 B 1.204512 s closed (closed)
 * </pre>
 *
 * (packets and bytes from the initiator, then from the responder, the duration, the state and why the event).
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
    }
}
