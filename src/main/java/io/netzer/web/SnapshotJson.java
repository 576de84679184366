package io.netzer.web;

import io.netzer.capture.RingStatistics;
import io.netzer.capture.SourceStatistics;
import io.netzer.pipeline.FlowStage;
import io.netzer.service.EventFanout;
import io.netzer.service.ServiceSession;
import io.netzer.stats.CountSeries;
import io.netzer.stats.FlowRow;
import io.netzer.stats.PanelSnapshot;
import io.netzer.stats.StatsSnapshot;
import io.netzer.stats.TopNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of {@code GET /api/v1/stats} and of the WebSocket's snapshots: what is captured, health, totals, the
 * last second's rates, the per-second series, protocol mix, top talkers and names, drops and stream clients, and the
 * on-call panels: top flows, DNS response codes, HTTP status classes, TLS versions.
 */
final class SnapshotJson {
    private SnapshotJson() {
    }

    static JsonObject of(ServiceSession session) {
        StatsSnapshot s = session.snapshot();
        PanelSnapshot panels = session.panels();
        SourceStatistics kernel = session.kernel();
        RingStatistics ring = session.ring();
        long now = System.currentTimeMillis();
        JsonObject json = new JsonObject()
                .put("time", Instant.ofEpochMilli(now).toString())
                .put("uptimeSeconds", (now - session.startedMillis()) / 1000)
                .put("capture", capture(session))
                .put("health", new JsonObject().put("ready", session.isReady())
                        .put("live", session.health().live()).put("state", session.health().reason()))
                .put("totals", new JsonObject().put("packets", s.packets()).put("bytes", s.bytes())
                        .put("kernelReceived", kernel.received()).put("kernelDrops", kernel.dropped())
                        .put("kernelFreezes", kernel.freezes()))
                .put("rates", new JsonObject().put("packetsPerSecond", s.packetsPerSecond())
                        .put("bitsPerSecond", s.bitsPerSecond()))
                .put("series", new JsonObject().put("endSecond", s.seriesEndSecond())
                        .put("packetsPerSecond", array(s.packetSeries())).put("bitsPerSecond", array(s.bitSeries()))
                        .put("kernelDrops", array(panels.kernelDrops().perSecond()))
                        .put("eventsDropped", array(panels.eventsDropped().perSecond())))
                .put("protocols", protocols(s))
                .put("talkers", talkers(s))
                .put("serverNames", names(s.serverNames()))
                .put("dnsNames", names(s.dnsNames()))
                .put("flows", flows(session))
                .put("topFlows", topFlows(panels.topFlows()))
                .put("dnsResponseCodes", counts(panels.dnsResponseCodes()))
                .put("httpStatusClasses", counts(panels.httpStatusClasses()))
                .put("tlsVersions", counts(panels.tlsVersions()))
                .put("decodeErrors", new JsonObject(new java.util.LinkedHashMap<>(s.decodeErrors())))
                .put("ring", new JsonObject().put("waits", ring.waits())
                        .put("blocksRetiredByTimeout", ring.blocksRetiredByTimeout())
                        .put("blocksRetiredFull", ring.blocksRetiredFull()).put("sequenceGaps", ring.sequenceGaps()))
                .put("streams", new JsonObject().put("clients", session.fanout().subscribers().stream()
                        .filter(c -> !c.kind().equals(EventFanout.DASHBOARD)).count())
                        .put("dropped", new JsonObject(new java.util.LinkedHashMap<>(
                                session.fanout().droppedByKind()))));
        return json;
    }

    /** The workers' flow counts; without flow tracking, {@code active} is null ("not tracked", not "none"). */
    private static JsonObject flows(ServiceSession session) {
        if (!session.tracksFlows()) {
            return new JsonObject().putNull("active");
        }
        return new JsonObject().put("active", session.flowCount(FlowStage::publishedFlowsHeld))
                .put("created", session.flowCount(FlowStage::publishedFlowsCreated))
                .put("evicted", session.flowCount(FlowStage::publishedFlowsEvicted))
                .put("reassemblyHeldBytes", session.flowCount(FlowStage::publishedReassemblyHeldBytes))
                .put("reassemblyDroppedBytes", session.flowCount(FlowStage::publishedReassemblyDroppedBytes));
    }

    /**
     * The top flows, each with the filter in tcpdump's language that selects its packets (the dashboard sets it on
     * a click); {@code retransmittedBytes} is null when reassembly did not see the flow; {@code endReason} is null
     * for a flow that runs ({@code live}, counts so far).
     */
    private static JsonArray topFlows(List<FlowRow> rows) {
        JsonArray array = new JsonArray();
        for (FlowRow f : rows) {
            JsonObject row = new JsonObject().put("source", f.source()).put("destination", f.destination())
                    .put("transport", f.transport());
            if (f.transport().equals("tcp") || f.transport().equals("udp")) {
                row.put("sourcePort", f.sourcePort()).put("destinationPort", f.destinationPort());
            }
            row.put("bytes", f.bytes()).put("packets", f.packets())
                    .put("durationSeconds", Math.round(f.durationNanos() / 1e6) / 1000.0)
                    .put("state", f.state()).put("endReason", f.endReason()).put("live", f.endReason() == null)
                    .put("retransmittedBytes", f.retransmittedBytes() < 0 ? null : f.retransmittedBytes())
                    .put("filter", f.filter());
            array.add(row);
        }
        return array;
    }

    /** Counters by class: each with its total and its series (aligned with {@code series}). */
    private static JsonArray counts(List<CountSeries.Series> series) {
        JsonArray array = new JsonArray();
        for (CountSeries.Series c : series) {
            array.add(new JsonObject().put("name", c.name()).put("total", c.total())
                    .put("perSecond", array(c.perSecond())));
        }
        return array;
    }

    private static JsonObject capture(ServiceSession session) {
        ServiceSession.CaptureInfo info = session.info();
        JsonObject capture = new JsonObject().put("interface", info.interfaceName()).put("linkType", info.linkType())
                .put("filter", info.filter()).put("snapshotLength", info.snapshotLength())
                .put("promiscuous", info.promiscuous()).put("workers", info.workers())
                .put("ring", new JsonObject().put("blockSize", info.blockSize()).put("blockCount", info.blockCount())
                        .put("blockTimeoutMillis", info.blockTimeoutMillis()));
        ServiceSession.Credentials who = session.credentials();
        if (who != null) {
            capture.put("user", who.user()).put("uid", who.uid()).put("gid", who.gid());
        }
        return capture;
    }

    private static JsonArray array(double[] values) {
        JsonArray array = new JsonArray();
        for (double v : values) {
            array.add(Math.round(v * 10) / 10.0);
        }
        return array;
    }

    private static JsonArray protocols(StatsSnapshot s) {
        JsonArray array = new JsonArray();
        for (StatsSnapshot.ProtocolShare p : s.protocols()) {
            array.add(new JsonObject().put("protocol", p.protocol()).put("packets", p.packets())
                    .put("bytes", p.bytes()));
        }
        return array;
    }

    private static JsonArray talkers(StatsSnapshot s) {
        JsonArray array = new JsonArray();
        for (StatsSnapshot.TalkerRow t : s.talkers()) {
            array.add(new JsonObject().put("address", t.address()).put("bytes", t.bytes())
                    .put("packets", t.packets()));
        }
        return array;
    }

    private static JsonArray names(List<TopNames.NameCount> names) {
        JsonArray array = new JsonArray();
        for (TopNames.NameCount n : names) {
            array.add(new JsonObject().put("name", n.name()).put("count", n.count()));
        }
        return array;
    }
}
