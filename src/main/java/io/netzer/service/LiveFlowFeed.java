package io.netzer.service;

import io.netzer.pipeline.FlowStage;
import io.netzer.pipeline.LiveFlows;
import io.netzer.stats.FlowRow;
import io.netzer.stats.PanelSampler;
import io.netzer.stats.TopFlows;
import java.util.List;

/**
 * The dashboard's top flows from both sources: the largest flows each worker publishes while they run
 * ({@link LiveFlows}, so a flow shows while it lasts) and the flow events ({@link EventFlows}: ends and
 * active-timeout updates). A flow's final row replaces its live row and is kept ({@link FlowRow#supersedes}).
 */
final class LiveFlowFeed implements PanelSampler.FlowFeed {
    private final List<FlowStage> stages;
    private final EventFlows ended;

    /** A feed over the workers' flow stages (a list they are added to later) and the flow events' hand-over. */
    LiveFlowFeed(List<FlowStage> stages, EventFlows ended) {
        this.stages = stages;
        this.ended = ended;
    }

    @Override
    public void drainInto(TopFlows flows, long nowMillis) {
        for (FlowStage stage : stages) {
            for (LiveFlows.Flow f : stage.liveFlows().read()) {
                flows.add(FlowRow.of(f.initiator(), f.initiatorPort(), f.responder(), f.responderPort(),
                        f.protocol(), f.vlan(), f.bytes(), f.packets(), f.startNanos(), f.endNanos(),
                        f.state().label(), null, f.retransmittedBytes()), nowMillis);
            }
        }
        ended.drainInto(flows, nowMillis);
    }
}
