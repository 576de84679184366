package io.netzer.pipeline;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import java.io.IOException;

/**
 * Where a worker hands each dissected packet: terminal text, NDJSON, a pcap file. A sink reads the packet
 * and the dissector's layers during the call only; both change with the next packet.
 */
public interface PacketSink extends AutoCloseable {

    /** Consumes one packet; {@code dissector} holds its decoded layers. */
    void accept(Packet packet, Dissector dissector) throws IOException;

    /** Whether the sink reads the dissector's layers; a worker whose sinks do not skips dissection. */
    default boolean needsDissection() {
        return true;
    }

    /** Called after each batch: a sink that must show packets promptly (a terminal, a live pipe) flushes here. */
    default void endOfBatch() throws IOException {
    }

    /**
     * Called instead of a batch when a live source had no packet for a while: a sink driven by packet time (the
     * flow stage's timeouts) advances its clock to {@code nowNanos}, nanoseconds since the epoch.
     */
    default void idle(long nowNanos) throws IOException {
    }

    /**
     * A packet that another worker analyses went by at {@code timestampNanos} (N workers reading one file): a sink
     * driven by packet time advances its clock as the packet would have, so that its timeouts fire at the same
     * packets as with one worker. Called per skipped packet: nothing may be allocated here.
     */
    default void passed(long timestampNanos) throws IOException {
    }

    /**
     * The source ended (end of file, {@code -c} reached, a signal): a sink that holds state (open flows) outputs
     * it now. Called on every sink in rounds, before any is flushed, until no sink has more: a sink with much to
     * output (an event for each of a million open flows) outputs a bounded part a round, so that a sink that
     * buffers what it is given (a line output) writes it out between rounds rather than holding all of it at once.
     *
     * @return whether this sink has more to output in another round
     */
    default boolean endOfCapture() throws IOException {
        return false;
    }

    /** Writes out everything buffered. */
    void flush() throws IOException;

    /** Flushes and releases the output. */
    @Override
    void close() throws IOException;
}
