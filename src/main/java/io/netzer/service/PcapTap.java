package io.netzer.service;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.PacketSink;

/**
 * One worker's stage that copies the packets {@code /api/v1/pcap} clients asked for into their queues, as pcap
 * records: each packet is copied once, however many clients take it, and only when one does. With no client it
 * costs one volatile read per packet; a client whose queue is full has the packet counted as dropped without a
 * copy, so a stalled client never slows the worker nor makes garbage.
 */
final class PcapTap implements PacketSink {
    private final EventFanout fanout;
    private final SubscriberFilters filters;

    PcapTap(EventFanout fanout, SubscriberFilters filters) {
        this.fanout = fanout;
        this.filters = filters;
    }

    @Override
    public void accept(Packet packet, Dissector dissector) {
        EventSubscriber[] current = fanout.pcapSubscribers();
        if (current.length == 0) {
            return;
        }
        filters.update(current);
        EventSubscriber.Event record = null;
        for (int i = 0; i < current.length; i++) {
            EventSubscriber subscriber = current[i];
            if (!filters.passes(i, subscriber, packet)) {
                continue;
            }
            if (subscriber.full()) {
                subscriber.drop();
                continue;
            }
            if (record == null) {
                record = new EventSubscriber.Event(PcapRecords.record(packet), Dataset.PACKET,
                        packet.timestampNanos());
            }
            subscriber.offer(record);
        }
    }

    /** The filters run on the packet's bytes; no layer is read. */
    @Override
    public boolean needsDissection() {
        return false;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
