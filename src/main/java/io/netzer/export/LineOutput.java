package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.PacketSink;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One worker's NDJSON output, shared by its packet writer ({@link NdjsonPacketSink}) and its event writer
 * ({@link NdjsonEventSink}): the line buffer both append to in the order things happen, the members every line
 * has ({@code observer}), the tap that sees each line with its dataset and packet, and the output the buffer is
 * drained to in whole lines (so several workers can share one). As a stage it only drains and flushes; where it
 * stands among the worker's stages does not matter.
 */
public final class LineOutput implements PacketSink {
    static final int DRAIN_THRESHOLD = 1 << 16;
    private static final int CACHED_INTERFACES = 256;
    private static final byte[] NO_NAME = new byte[0];
    private static final byte[] INGRESS = JsonLine.ascii(",\"ingress\":{\"interface\":{\"name\":");
    private static final byte[] INGRESS_END = JsonLine.ascii("}}");

    private final OutputStream output;
    private final LineTap tap;
    private final JsonLine line = new JsonLine(DRAIN_THRESHOLD * 2);
    private final boolean flushEachBatch;
    private final InterfaceNames names;
    /** {@code "observer":{"hostname":"…"}} without its closing brace, encoded once. */
    private final byte[] observer;
    /** {@link #ingress} of the interfaces below {@link #CACHED_INTERFACES}, made at first use. */
    private final byte[][] ingresses = new byte[CACHED_INTERFACES][];
    /** The last interface past {@link #CACHED_INTERFACES} named, -1 for none: a capture's own, on a busy host. */
    private int lastIndex = -1;
    private byte[] lastIngress;

    /**
     * An output.
     *
     * @param output         where the lines go, closed by {@link #close()}; null for the tap only (then nothing
     *                       is encoded while nobody listens)
     * @param hostname       {@code observer.hostname}
     * @param names          resolves {@code observer.ingress.interface.name}
     * @param flushEachBatch write out after every batch (a terminal, a live capture)
     * @param tap            sees every line (service mode's event streams); null for none
     */
    public LineOutput(OutputStream output, String hostname, InterfaceNames names, boolean flushEachBatch,
            LineTap tap) {
        if (output == null && tap == null) {
            throw new IllegalArgumentException("a line output needs an output, a tap or both");
        }
        this.output = output;
        this.tap = tap;
        line.tap(tap);
        this.flushEachBatch = flushEachBatch;
        this.observer = JsonLine.concat(JsonLine.ascii("\"observer\":{\"hostname\":"), JsonLine.quoted(hostname));
        this.names = names;
    }

    /** The buffer the writers append to. */
    JsonLine line() {
        return line;
    }

    /** Whether an event line would reach anyone: the output, or a tap with listeners. */
    boolean heard() {
        return output != null || tap.active();
    }

    /** Whether a packet line would reach anyone: the output, or a tap with listeners to packet events. */
    boolean packetsHeard() {
        return output != null || tap.wantsPackets();
    }

    /** {@code observer}: the host, and the capture interface when known ({@code interfaceIndex} -1: not). */
    void writeObserver(JsonLine j, int interfaceIndex) {
        j.members(observer);
        byte[] ingress = ingress(interfaceIndex);
        if (ingress != NO_NAME) {
            j.raw(ingress);
        }
        j.put('}');
    }

    /**
     * {@link #writeObserver(JsonLine, int)} into a packet line's buffer at {@code at}, after a member, with the
     * interface's {@link #ingress}: returns the position after it, at most {@link #observerRoom} bytes on.
     */
    int writeObserver(byte[] line, int at, byte[] ingress) {
        line[at++] = ',';
        at = JsonLine.raw(line, at, observer);
        at = JsonLine.raw(line, at, ingress);
        line[at++] = '}';
        return at;
    }

    /** The bytes {@link #writeObserver(byte[], int, byte[])} writes with {@code ingress}. */
    int observerRoom(byte[] ingress) {
        return observer.length + ingress.length + 2;
    }

    /**
     * {@code ,"ingress":{"interface":{"name":"…"}}}, encoded once per interface; an empty array when the name
     * is unknown. Indexes grow with every interface a host ever made (a veth per container), so a capture's own
     * index is often past the table: the last such one is kept too, or every packet of it would be escaped (and
     * allocated) again.
     */
    byte[] ingress(int index) {
        if (index < 0) {
            return NO_NAME;
        }
        boolean cacheable = index < CACHED_INTERFACES;
        if (cacheable && ingresses[index] != null) {
            return ingresses[index];
        }
        if (index == lastIndex) {
            return lastIngress;
        }
        String name = names.interfaceName(index);
        byte[] quoted = name == null ? NO_NAME : JsonLine.concat(INGRESS, JsonLine.quoted(name), INGRESS_END);
        if (cacheable) {
            ingresses[index] = quoted;
        } else {
            lastIndex = index;
            lastIngress = quoted;
        }
        return quoted;
    }

    /**
     * Ends the line being written: the tap sees it with its dataset, the packet that produced it or null, and an
     * event's endpoints (null for a packet line).
     */
    void endLine(Dataset dataset, Packet packet, EventContext endpoints) {
        line.endLine(dataset, packet, endpoints);
    }

    /** Writes out the buffer once it holds enough lines. */
    void drainIfFull() throws IOException {
        if (line.size() >= DRAIN_THRESHOLD) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (output == null) {
            line.discard();
        } else {
            line.drainTo(output);
        }
    }

    /** Drains what the writers appended (event lines between packets, with no packet line to drain them). */
    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        drainIfFull();
    }

    @Override
    public boolean needsDissection() {
        return false;
    }

    @Override
    public void endOfBatch() throws IOException {
        if (flushEachBatch) {
            flush();
        }
    }

    /** A live source was quiet: flow events the flow stage emitted at its timeouts are written out now. */
    @Override
    public void idle(long nowNanos) throws IOException {
        endOfBatch();
    }

    /** A round of the capture's end: the events the flow stage output in it are written out once enough. */
    @Override
    public boolean endOfCapture() throws IOException {
        drainIfFull();
        return false;
    }

    @Override
    public void flush() throws IOException {
        drain();
        if (output != null) {
            output.flush();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (output != null) {
                output.close();
            }
        }
    }
}
