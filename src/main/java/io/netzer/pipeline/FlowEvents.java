package io.netzer.pipeline;

import io.netzer.flow.FlowEventListener;
import io.netzer.flow.FlowView;

/** Hands the flow stage's flow ends and active-timeout updates to the event sinks as {@code netzer.flow} events. */
public final class FlowEvents implements FlowEventListener {
    private final EventSink[] sinks;

    /** Flow events to {@code sinks}. */
    public FlowEvents(EventSink[] sinks) {
        this.sinks = sinks.clone();
    }

    @Override
    public void flowUpdated(FlowView flow) {
        for (EventSink sink : sinks) {
            sink.flow(flow);
        }
    }

    @Override
    public void flowEnded(FlowView flow) {
        for (EventSink sink : sinks) {
            sink.flow(flow);
        }
    }
}
