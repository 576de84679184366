package io.netzer.export;

import io.netzer.dissect.Packet;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;

/**
 * Sees every NDJSON event line as it is completed, before it is handed to the output: how service mode streams
 * events to HTTP and WebSocket clients with one encoding per event, whatever its dataset. Called on the worker's
 * thread: an implementation must return at once (copy what it keeps, never block).
 */
public interface LineTap {

    /** Whether anyone listens now. */
    boolean active();

    /** Whether anyone listens to packet events now; a packet sink that writes nowhere else encodes only then. */
    default boolean wantsPackets() {
        return active();
    }

    /**
     * One complete event line.
     *
     * @param dataset what the line is, as its writer knows it
     * @param bytes   the buffer holding it; valid during the call only
     * @param offset  where the line starts
     * @param length  its length, the final {@code '\n'} included
     * @param packet  the packet that produced the event, valid during the call only; null when none did
     * @param endpoints the endpoints of a flow or app event (source as the event writes it), valid during the call
     *                only, for judging an event no packet produced by its flow; null for packet lines
     */
    void line(Dataset dataset, byte[] bytes, int offset, int length, Packet packet, EventContext endpoints);
}
