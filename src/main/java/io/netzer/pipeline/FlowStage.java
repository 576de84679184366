package io.netzer.pipeline;

import io.netzer.defrag.DefragConfig;
import io.netzer.defrag.DefragStatistics;
import io.netzer.defrag.Defragmenter;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.EndReason;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.FlowStatistics;
import io.netzer.flow.FlowTable;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.flow.TcpReassembler;
import java.io.IOException;

/**
 * The flow stage of one worker, placed first among its sinks: per packet it first hands IP fragments to its
 * {@link Defragmenter}, so flows, reassembly and app parsers see each datagram once, whole, when its last fragment
 * arrives (packet sinks after this one still see every fragment); then it finds or creates the flow, counts
 * the packet, calls the stream listeners' {@link StreamListener#packet}, and runs TCP reassembly, whose in-order
 * bytes go to {@link StreamListener#streamData}. Flows end by packet time (idle and closing timeouts, checked
 * a few at a time per packet), by eviction at the flow cap, and at the end of the capture; an event listener
 * hears each end and each active-timeout update. After each batch it publishes its largest running flows
 * ({@link LiveFlows}), a bounded part of its table at a time. Nothing here allocates per packet.
 */
public final class FlowStage implements PacketSink {
    /** Flows ended or updated at most per packet: a burst of timeouts is spread over the following packets. */
    private static final int MAX_EVENTS_PER_PACKET = 16;
    /**
     * Flows ended at most per round of the capture's end ({@link #endOfCapture}): the sinks after this one write
     * out the events of a round before the next, so a million flows open at the end are never a million events
     * held at once.
     */
    private static final int FLOWS_PER_END_ROUND = 128;
    /**
     * Flows ended or updated at most per {@link #idle} call: after a flood of spoofed flows a quiet link would
     * otherwise end them all in one call, their event lines held until it returns; the rest end at the next
     * quiet poll or with the next packets.
     */
    static final int FLOWS_PER_IDLE = 4096;

    private final FlowTable table;
    private final TcpReassembler reassembler;
    private final Defragmenter defragmenter;
    private final StreamListener[] streams;
    private final FlowEventListener events;
    private final boolean reassemble;
    private final LiveFlows live;
    private final boolean scanLive;
    private long packetsWithoutFlow;
    /** Whether {@link #endOfCapture}'s rounds began (the first gives up the datagrams being reassembled). */
    private boolean ending;
    // what other threads (service mode's snapshot and metrics) read, published by the worker after each batch
    private volatile long publishedHeld;
    private volatile long publishedCreated;
    private volatile long publishedEvicted;
    private volatile long publishedHeldBytes;
    private volatile long publishedDroppedBytes;

    /**
     * A flow stage.
     *
     * @param config  caps and timeouts ({@link FlowConfig#defaults()})
     * @param streams who hears every packet of a flow and its reassembled TCP bytes, in order; may be empty
     *                (then no reassembly is done)
     * @param events  who hears flow ends and updates ({@link FlowEventListener#NONE} for nobody)
     */
    public FlowStage(FlowConfig config, StreamListener[] streams, FlowEventListener events) {
        this(config, DefragConfig.defaults(), streams, events, true);
    }

    /**
     * A flow stage with its own defragmentation caps.
     *
     * @param config  caps and timeouts of flows and TCP reassembly
     * @param defrag  caps and timeout of IP defragmentation
     * @param streams who hears every packet of a flow and its reassembled TCP bytes, in order; may be empty
     * @param events  who hears flow ends and updates
     * @param scanLive whether to publish the largest running flows ({@link #liveFlows()}): only service mode's
     *                 dashboard reads them, so the command line leaves the scan out
     */
    public FlowStage(FlowConfig config, DefragConfig defrag, StreamListener[] streams, FlowEventListener events,
            boolean scanLive) {
        this.defragmenter = new Defragmenter(defrag);
        this.table = new FlowTable(config);
        this.streams = streams.clone();
        this.events = events;
        this.reassembler = new TcpReassembler(config, streams);
        this.reassemble = streams.length > 0;
        table.register(reassembler);
        for (StreamListener stream : this.streams) {
            stream.attach(table);
        }
        this.live = new LiveFlows(table, reassemble ? reassembler : null);
        this.scanLive = scanLive;
    }

    /** Tracks one packet. */
    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        long now = table.advance(packet.timestampNanos());
        endDue(MAX_EVENTS_PER_PACKET);
        switch (defragmenter.accept(packet, dissector)) {
            case Defragmenter.PASS -> track(packet, dissector, now);
            case Defragmenter.COMPLETE -> track(defragmenter.packet(), defragmenter.dissector(), now);
            default -> {
                // a fragment held until its datagram is whole, or given up and counted by the defragmenter
            }
        }
    }

    private void track(Packet packet, Dissector dissector, long now) throws IOException {
        int found = table.lookup(dissector);
        if (found == FlowTable.NOT_IP) {
            packetsWithoutFlow++;
            return;
        }
        if (found >= 0) {
            int slot = FlowTable.slot(found);
            if (table.isIdle(slot, now)
                    || dissector.has(Dissector.TCP) && table.isReopenedBy(slot, dissector.tcp().flags())) {
                end(slot, table.idleReason(slot));
                found = FlowTable.NOT_FOUND;
            }
        }
        if (found == FlowTable.NOT_FOUND) {
            if (table.isFull()) {
                end(table.longestIdle(), EndReason.EVICTED);
            }
            found = table.create(packet, dissector);
            int slot = FlowTable.slot(found);
            reassembler.flowStarted(slot);
            for (StreamListener stream : streams) {
                stream.flowStarted(slot);
            }
        }
        int slot = FlowTable.slot(found);
        int direction = FlowTable.direction(found);
        table.update(slot, direction, packet, dissector);
        for (StreamListener stream : streams) {
            stream.packet(packet, dissector, slot, direction);
        }
        if (reassemble && dissector.has(Dissector.TCP)) {
            reassembler.segment(slot, direction, dissector.tcp(), packet, dissector.payloadOffset(),
                    dissector.payloadLength());
        }
    }

    /**
     * Another worker's packet went by: the clock, the flows due to end and the datagrams due to be given up move
     * exactly as {@link #accept} moves them before it looks at a packet, so one worker of N ends the same flows at
     * the same packet as a single worker would.
     */
    @Override
    public void passed(long timestampNanos) throws IOException {
        table.advance(timestampNanos);
        endDue(MAX_EVENTS_PER_PACKET);
        defragmenter.advance(timestampNanos);
    }

    /**
     * Time passed without packets (a live capture's empty batch): flows whose timeouts passed by
     * {@code nowNanos} (wall-clock nanoseconds since the epoch, as live packet timestamps) end now, at most
     * {@link #FLOWS_PER_IDLE} of them.
     */
    @Override
    public void idle(long nowNanos) throws IOException {
        table.advance(nowNanos);
        defragmenter.advance(nowNanos);
        endDue(FLOWS_PER_IDLE);
        publish();
    }

    @Override
    public void endOfBatch() {
        publish();
    }

    /**
     * Publishes the counts other threads read (a few volatile stores per batch) and the next part of the scan for
     * the largest running flows; nothing allocated.
     */
    private void publish() {
        if (scanLive) {
            live.scan(System.nanoTime());
        }
        publishedHeld = table.size();
        publishedCreated = table.created();
        publishedEvicted = table.ended(EndReason.EVICTED);
        publishedHeldBytes = reassembler.heldBytes();
        publishedDroppedBytes = reassembler.droppedBytes();
        defragmenter.publish();
    }

    /** The largest running flows as the worker last published them; any thread reads them. */
    public LiveFlows liveFlows() {
        return live;
    }

    /** Flows held now, as of the worker's last batch; any thread. */
    public long publishedFlowsHeld() {
        return publishedHeld;
    }

    /** Flows created so far, as of the worker's last batch; any thread. */
    public long publishedFlowsCreated() {
        return publishedCreated;
    }

    /** Flows evicted at the flow cap so far, as of the worker's last batch; any thread. */
    public long publishedFlowsEvicted() {
        return publishedEvicted;
    }

    /** Out-of-order bytes held for reassembly now, as of the worker's last batch; any thread. */
    public long publishedReassemblyHeldBytes() {
        return publishedHeldBytes;
    }

    /** Stream bytes dropped at a reassembly memory cap so far, as of the worker's last batch; any thread. */
    public long publishedReassemblyDroppedBytes() {
        return publishedDroppedBytes;
    }

    /**
     * The capture ended: every flow ends, those whose timeouts passed by the last packet's time with their reason
     * and the others with {@link EndReason#END_OF_CAPTURE}, so every stream is handed on; then the stream
     * listeners hear the end. At most {@link #FLOWS_PER_END_ROUND} flows a round.
     */
    @Override
    public boolean endOfCapture() throws IOException {
        if (!ending) {
            ending = true;
            defragmenter.endOfCapture();
        }
        if (endDue(FLOWS_PER_END_ROUND) == 0) {
            return true;
        }
        for (int left = FLOWS_PER_END_ROUND; left > 0; left--) {
            int slot = table.anyFlow();
            if (slot == FlowTable.NONE) {
                for (StreamListener stream : streams) {
                    stream.endOfCapture(table.clock());
                }
                live.clear();
                ending = false;
                return false;
            }
            end(slot, EndReason.END_OF_CAPTURE);
        }
        return true;
    }

    /** Ends or updates the flows due by the table's clock, at most {@code budget}; returns the budget left. */
    private int endDue(int budget) throws IOException {
        int left = budget;
        for (int slot = table.dueForEnd(); slot != FlowTable.NONE && left > 0; slot = table.dueForEnd(), left--) {
            end(slot, table.idleReason(slot));
        }
        for (; left > 0; left--) {
            int slot = table.dueForUpdate();
            if (slot == FlowTable.NONE) {
                return left;
            }
            events.flowUpdated(view(slot, EndReason.ACTIVE_TIMEOUT));
        }
        return left;
    }

    private void end(int slot, EndReason reason) throws IOException {
        reassembler.flowEnded(slot);
        try {
            events.flowEnded(view(slot, reason));
        } finally {
            for (StreamListener stream : streams) {
                stream.flowEnded(slot);
            }
            table.remove(slot, reason);
        }
    }

    private FlowView view(int slot, EndReason reason) {
        return reassemble ? table.view(slot, reason, reassembler.retransmittedBytes(slot)) : table.view(slot, reason);
    }

    @Override
    public void flush() {
        // Flows are not output here: they end with their timeouts and at the end of the capture.
    }

    /** Releases the reassembly and defragmentation memory. */
    @Override
    public void close() {
        reassembler.close();
        defragmenter.close();
    }

    /** What the stage counted so far; read on the worker's thread or after it finished. */
    public FlowStatistics statistics() {
        return FlowStatistics.of(table, reassembler);
    }

    /** What defragmentation counted so far; read on the worker's thread or after it finished. */
    public DefragStatistics defragStatistics() {
        return defragmenter.statistics();
    }

    /** The defragmenter, whose published counts any thread may read. */
    public Defragmenter defragmenter() {
        return defragmenter;
    }

    /** Packets that belong to no flow (no IP layer: ARP, LLDP, undecodable). */
    public long packetsWithoutFlow() {
        return packetsWithoutFlow;
    }
}
