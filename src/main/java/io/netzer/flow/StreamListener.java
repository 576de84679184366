package io.netzer.flow;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import java.lang.foreign.MemorySegment;

/**
 * What the flow tracker tells the layer above it (the app parsers): which flow each packet belongs to, the
 * in-order bytes of each TCP direction, the bytes that will never come, and the end of each flow. Called on the
 * worker's thread; the arguments are valid during the call only.
 *
 * <p>A flow is named by its slot in the tracker's table ({@code 0 <= flow < capacity}); the slot is reused
 * after {@link #flowEnded}, and {@link #flowStarted} is always called before the first use of a slot, so a
 * listener can keep per-flow state in arrays indexed by slot, sized by the table ({@link #attach}).
 */
public interface StreamListener {
    /** Direction of bytes sent by the side that opened the flow (the SYN sender, else the first packet's sender). */
    int FROM_INITIATOR = 0;
    /** Direction of bytes sent by the other side. */
    int FROM_RESPONDER = 1;

    /**
     * The table whose slots name the flows, given once before any other call: a listener with per-slot arrays
     * registers their owners ({@link FlowTable#register}), so they grow with the table. Nothing by default.
     */
    default void attach(FlowTable table) {
    }

    /** A new flow took slot {@code flow}. */
    void flowStarted(int flow);

    /**
     * Every packet counted in a flow, before any stream bytes it releases: UDP listeners read the datagram from
     * {@code dissector}.
     */
    void packet(Packet packet, Dissector dissector, int flow, int direction);

    /**
     * Bytes of one TCP direction, in stream order with no gap before them since the last call or gap.
     *
     * @param packet the packet whose segment (or acknowledgment) released them; null when the flow's end did
     */
    void streamData(int flow, int direction, MemorySegment data, long offset, int length, Packet packet);

    /** {@code bytes} of one TCP direction that were skipped and will never be delivered. */
    void streamGap(int flow, int direction, long bytes);

    /** The flow is leaving slot {@code flow} (closed, timed out, evicted, or the capture ended). */
    void flowEnded(int flow);

    /**
     * The capture ended at packet time {@code nowNanos}, after every flow ended: a listener that times out state by
     * packet time settles what was due by then. Nothing by default.
     */
    default void endOfCapture(long nowNanos) {
    }
}
