package io.netzer.export;

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

    /** Writes out everything buffered. */
    void flush() throws IOException;

    /** Flushes and releases the output. */
    @Override
    void close() throws IOException;
}
