package io.netzer.service;

import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.stats.FlowRow;
import io.netzer.stats.PanelSampler;
import io.netzer.stats.TopFlows;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds the dashboard's top flows from the flow events (ends and active-timeout updates), off the packet path: a
 * worker turns a flow event into a {@link FlowRow} only when the flow has at least the bytes the table's smallest
 * row has (so a flood of small flows costs a comparison each), and hands it over through a bounded queue, dropped and
 * counted past {@link #CAPACITY} (as sink {@code names}, the dashboard's own reader); the sampler's thread adds them
 * to the {@link TopFlows}.
 */
public final class EventFlows implements PanelSampler.FlowFeed {
    /** Flows held between two samples at most; more are dropped. */
    public static final int CAPACITY = 4_096;

    private final Handoff<FlowRow> queue;
    private volatile long threshold;

    /** A reader counting the flows it drops into {@code dropped}. */
    EventFlows(AtomicLong dropped) {
        this.queue = new Handoff<>(CAPACITY, dropped);
    }

    /** Worker: a flow event; valid during the call only, as events are. */
    void flow(FlowView flow) {
        long bytes = flow.bytes(StreamListener.FROM_INITIATOR) + flow.bytes(StreamListener.FROM_RESPONDER);
        if (bytes < threshold) {
            return;
        }
        if (!queue.hasRoom()) {
            queue.drop();
            return;
        }
        byte[] source = new byte[flow.addressLength()];
        byte[] destination = new byte[flow.addressLength()];
        flow.initiatorAddress(source, 0);
        flow.responderAddress(destination, 0);
        queue.offer(FlowRow.of(source, flow.initiatorPort(), destination, flow.responderPort(), flow.protocol(),
                flow.vlanId(), bytes,
                flow.packets(StreamListener.FROM_INITIATOR) + flow.packets(StreamListener.FROM_RESPONDER),
                flow.startNanos(), flow.endNanos(), flow.state().label(), flow.endReason().label(),
                flow.retransmittedBytes()));
    }

    /** Flows waiting for the sampler now. */
    int waiting() {
        return queue.size();
    }

    @Override
    public void drainInto(TopFlows flows, long nowMillis) {
        queue.drain(row -> flows.add(row, nowMillis));
        threshold = flows.threshold();
    }
}
