package io.netzer.stats;

import java.util.List;
import java.util.Map;

/**
 * The statistics of a capture at one moment, immutable, for the API, the dashboard and the WebSocket.
 *
 * @param epochMillis        when the snapshot was taken
 * @param packets            packets counted by the workers (after the filter)
 * @param bytes              their bytes on the wire
 * @param packetsPerSecond   the last second's packet rate
 * @param bitsPerSecond      the last second's bit rate
 * @param seriesEndSecond    the epoch second of the series' last value
 * @param packetSeries       packets per second, oldest first, one value a second
 * @param bitSeries          bits per second, aligned with {@code packetSeries}
 * @param protocols          the protocol mix, in {@link ProtocolMix} order
 * @param talkers            the top talkers across workers, most bytes first
 * @param serverNames        the most frequent TLS and QUIC server names
 * @param dnsNames           the most frequent DNS question names
 * @param decodeErrors       packets not fully decoded, by reason (only reasons seen)
 */
public record StatsSnapshot(long epochMillis, long packets, long bytes, double packetsPerSecond, double bitsPerSecond,
        long seriesEndSecond, double[] packetSeries, double[] bitSeries, List<ProtocolShare> protocols,
        List<TalkerRow> talkers, List<TopNames.NameCount> serverNames, List<TopNames.NameCount> dnsNames,
        Map<String, Long> decodeErrors) {

    /** Nothing counted yet. */
    public static final StatsSnapshot EMPTY = new StatsSnapshot(0, 0, 0, 0, 0, 0, new double[0], new double[0],
            List.of(), List.of(), List.of(), List.of(), Map.of());

    /** One protocol class: its packets and bytes so far. */
    public record ProtocolShare(String protocol, long packets, long bytes) {
    }

    /** One top talker: bytes sent and received (an overestimate by at most {@code error}), packets. */
    public record TalkerRow(String address, long bytes, long packets, long error) {
    }
}
