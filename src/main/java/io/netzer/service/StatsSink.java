package io.netzer.service;

import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Packet;
import io.netzer.dissect.Wire;
import io.netzer.pipeline.PacketSink;
import io.netzer.stats.ProtocolMix;
import io.netzer.stats.TopTalkers;
import io.netzer.stats.WorkerStats;

/**
 * Counts each packet into its worker's {@link WorkerStats} (service mode): packets and bytes, the protocol mix,
 * the top talkers by source and destination address, and the dissector's decode errors. No allocation per packet;
 * the counters are published once per batch.
 */
public final class StatsSink implements PacketSink {
    private static final DecodeStatus[] REASONS = DecodeStatus.values();

    private final WorkerStats stats;
    private Dissector dissector;

    /** A sink counting into {@code stats}, which this worker alone writes. */
    public StatsSink(WorkerStats stats) {
        this.stats = stats;
    }

    @Override
    public void accept(Packet packet, Dissector d) {
        dissector = d;
        long length = packet.wireLength();
        stats.packet(length, protocol(d));
        TopTalkers talkers = stats.talkers();
        if (d.has(Dissector.IPV4)) {
            talkers.addIpv4(d.ipv4().sourceAddress(), length);
            talkers.addIpv4(d.ipv4().destinationAddress(), length);
        } else if (d.has(Dissector.IPV6)) {
            Ipv6Header ip = d.ipv6();
            long source = ip.sourceAddressOffset();
            long destination = ip.destinationAddressOffset();
            talkers.add(Wire.i64(ip.segment(), source), Wire.i64(ip.segment(), source + 8),
                    length);
            talkers.add(Wire.i64(ip.segment(), destination),
                    Wire.i64(ip.segment(), destination + 8), length);
        }
    }

    private static int protocol(Dissector d) {
        boolean ip = d.has(Dissector.IPV4) || d.has(Dissector.IPV6);
        if (!ip) {
            return d.has(Dissector.ARP) ? ProtocolMix.ARP : ProtocolMix.OTHER;
        }
        return switch (d.ipProtocol()) {
            case EtherTypes.PROTO_TCP -> ProtocolMix.TCP;
            case EtherTypes.PROTO_UDP -> ProtocolMix.UDP;
            case EtherTypes.PROTO_ICMP -> ProtocolMix.ICMP;
            case EtherTypes.PROTO_ICMPV6 -> ProtocolMix.ICMPV6;
            default -> ProtocolMix.OTHER_IP;
        };
    }

    @Override
    public void endOfBatch() {
        if (dissector != null) {
            for (DecodeStatus reason : REASONS) {
                stats.decodeErrors(reason.ordinal(), dissector.errors(reason));
            }
        }
        stats.publish(System.nanoTime());
    }

    @Override
    public void flush() {
        endOfBatch();
        stats.publishAll(System.nanoTime());
    }

    @Override
    public void close() {
        flush();
    }
}
