package io.netzer.flow;

import java.io.IOException;

/**
 * Who hears about flows as a whole (the {@code netzer.flow} events). Called on the worker's thread; the view is
 * valid during the call only (it is a flyweight over the table's slot, reused for the next flow).
 */
public interface FlowEventListener {
    /** Hears nothing. */
    FlowEventListener NONE = new FlowEventListener() {
        @Override
        public void flowUpdated(FlowView flow) {
        }

        @Override
        public void flowEnded(FlowView flow) {
        }
    };

    /**
     * A flow still open reached the active timeout since it started or since its last update;
     * {@link FlowView#endReason()} is {@link EndReason#ACTIVE_TIMEOUT}.
     */
    void flowUpdated(FlowView flow) throws IOException;

    /**
     * A flow ended: {@link FlowView#endReason()} says why. Called before the stream listeners hear
     * {@link StreamListener#flowEnded}, after every stream byte of the flow was handed to them.
     */
    void flowEnded(FlowView flow) throws IOException;
}
