package io.netzer.stats;

import java.util.List;

/**
 * The on-call panels of the dashboard at one moment, immutable: the top flows, and per-second series (aligned with
 * {@link StatsSnapshot#packetSeries()}, ending at the same second) of DNS response codes, HTTP status classes, TLS
 * versions, kernel drops and events dropped.
 *
 * @param topFlows          the flows with the most bytes reported lately, most first
 * @param dnsResponseCodes  DNS responses by {@link AppOutcomes#DNS_CODES}
 * @param httpStatusClasses HTTP exchanges by {@link AppOutcomes#HTTP_CLASSES}
 * @param tlsVersions       TLS handshakes by {@link AppOutcomes#TLS_VERSIONS}
 * @param kernelDrops       packets the kernel dropped (ring full)
 * @param eventsDropped     events dropped for stream clients that fell behind
 */
public record PanelSnapshot(List<FlowRow> topFlows, List<CountSeries.Series> dnsResponseCodes,
        List<CountSeries.Series> httpStatusClasses, List<CountSeries.Series> tlsVersions,
        CountSeries.Series kernelDrops, CountSeries.Series eventsDropped) {
}
