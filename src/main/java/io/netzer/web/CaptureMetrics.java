package io.netzer.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netzer.defrag.DropReason;
import io.netzer.dissect.DecodeStatus;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.FlowStage;
import io.netzer.service.ServiceSession;
import io.netzer.stats.ProtocolMix;
import io.netzer.stats.WorkerStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Prometheus metrics of a capture ({@code /q/metrics} on the management port). Every meter reads the capture's
 * own counters when scraped (the packet path never touches Micrometer), and every label has few values:
 * {@code device} (the interface, named as node_exporter names it, so the two join), {@code reason},
 * {@code protocol}, {@code sink}, {@code type}. Never addresses or names. Names follow Prometheus's conventions (the
 * unit before {@code _total}), which {@code promtool check metrics} checks in MetricsConventionsTest.
 */
@ApplicationScoped
public class CaptureMetrics {
    private static final List<String> SINKS = List.of("http", "websocket", "pcap", "names");

    /** The bucket bounds of {@code netzer_event_delay_seconds}. */
    private static final Duration[] DELAY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10)};

    @Inject
    MeterRegistry registry;

    /** The project version, from the build (Quarkus sets it from the pom). */
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    private Timer eventDelay;

    /** Registers the meters of the session {@code state} serves (reading through it, so a re-attach is seen). */
    void bind(ServiceState state, ServiceSession session) {
        Tags device = Tags.of("device", session.info().interfaceName());
        Gauge.builder("netzer.build.info", () -> 1)
                .description("NetZer's version and the Java runtime it runs on (always 1)")
                .tags("version", version, "java_version", Runtime.version().toString()).register(registry);
        counter("netzer.captured.packets", "Packets the workers received (after the capture filter)", device,
                state, s -> sum(s, WorkerStats::packets));
        counter("netzer.captured.bytes", "Bytes on the wire of the packets captured", device, state,
                s -> sum(s, WorkerStats::bytes));
        counter("netzer.kernel.received.packets", "Packets the kernel passed to the sockets (PACKET_STATISTICS)",
                device, state, s -> s.kernel().received());
        counter("netzer.kernel.dropped.packets", "Packets the kernel dropped for lack of ring space", device, state,
                s -> s.kernel().dropped());
        counter("netzer.kernel.freezes", "Times the kernel froze a ring (TPACKET_V3 queue freeze)", device, state,
                s -> s.kernel().freezes());
        counter("netzer.ring.blocks.retired", "Ring blocks the kernel closed, by why", device.and("reason", "timeout"),
                state, s -> s.ring().blocksRetiredByTimeout());
        counter("netzer.ring.blocks.retired", "Ring blocks the kernel closed, by why", device.and("reason", "full"),
                state, s -> s.ring().blocksRetiredFull());
        counter("netzer.ring.sequence.gaps", "Ring blocks missing between consecutive sequence numbers", device, state,
                s -> s.ring().sequenceGaps());
        counter("netzer.ring.waits", "Times a worker found no closed ring block and slept in epoll", device, state,
                s -> s.ring().waits());
        for (DecodeStatus reason : DecodeStatus.values()) {
            counter("netzer.decode.errors", "Packets not fully decoded, by reason",
                    device.and("reason", reason.reason()), state, s -> sum(s, w -> w.decodeErrors(reason.ordinal())));
        }
        for (int p = 0; p < ProtocolMix.COUNT; p++) {
            int protocol = p;
            counter("netzer.protocol.packets", "Packets captured by protocol class",
                    device.and("protocol", ProtocolMix.NAMES.get(p)), state,
                    s -> sum(s, w -> w.protocolPackets(protocol)));
        }
        bindStreams(state, device);
        bindFlows(state, device);
        Gauge.builder("netzer.ready", state, st -> value(st, s -> s.isReady() ? 1 : 0))
                .description("1 once the capture runs unprivileged with its workers").register(registry);
        eventDelay();
    }

    /** The stream clients' meters, and the events produced for them. */
    private void bindStreams(ServiceState state, Tags device) {
        for (String sink : SINKS) {
            counter("netzer.events.dropped", "Events dropped because a stream client's queue was full, by sink",
                    Tags.of("sink", sink), state, s -> s.fanout().droppedCounter(sink).get());
            Gauge.builder("netzer.stream.clients", state, st -> value(st, s -> s.fanout().subscribers().stream()
                    .filter(c -> c.kind().equals(sink)).count()))
                    .description("Stream subscribers connected, by sink").tags("sink", sink).register(registry);
        }
        for (String sink : List.of("http", "websocket", "pcap")) {
            disconnects(sink, "too_slow");
        }
        for (Dataset type : List.of(Dataset.FLOW, Dataset.TLS, Dataset.DNS, Dataset.HTTP)) {
            counter("netzer.events.produced", "Flow and app-layer events the workers produced, by type",
                    device.and("type", type.type()), state, s -> s.fanout().produced(type));
        }
    }

    /** The flow tables' and the TCP reassembly's meters. */
    private void bindFlows(ServiceState state, Tags device) {
        Gauge.builder("netzer.flows.active", state, st -> value(st, s -> s.flowCount(FlowStage::publishedFlowsHeld)))
                .description("Flows held in the workers' flow tables").tags(device).register(registry);
        counter("netzer.flows.created", "Flows the workers' flow tables created", device, state,
                s -> s.flowCount(FlowStage::publishedFlowsCreated));
        counter("netzer.flows.evicted", "Flows evicted at the flow cap (the longest idle first)", device, state,
                s -> s.flowCount(FlowStage::publishedFlowsEvicted));
        Gauge.builder("netzer.reassembly.held", state,
                st -> value(st, s -> s.flowCount(FlowStage::publishedReassemblyHeldBytes)))
                .description("Out-of-order TCP bytes held for reassembly").baseUnit("bytes").tags(device)
                .register(registry);
        counter("netzer.reassembly.dropped.bytes", "TCP stream bytes dropped at a reassembly memory cap",
                device.and("reason", "memory_cap"), state,
                s -> s.flowCount(FlowStage::publishedReassemblyDroppedBytes));
        bindDefrag(state, device);
    }

    /** IP defragmentation's meters: fragments in, datagrams out whole, datagrams given up by reason. */
    private void bindDefrag(ServiceState state, Tags device) {
        counter("netzer.defrag.fragments", "IPv4 and IPv6 fragments the workers' defragmentation took", device,
                state, s -> s.flowCount(f -> f.defragmenter().publishedFragments()));
        counter("netzer.defrag.datagrams", "Datagrams reassembled from fragments and handed on whole", device, state,
                s -> s.flowCount(f -> f.defragmenter().publishedDatagrams()));
        Gauge.builder("netzer.defrag.held", state,
                st -> value(st, s -> s.flowCount(f -> f.defragmenter().publishedHeld())))
                .description("Datagrams in fragments in progress").baseUnit("datagrams").tags(device)
                .register(registry);
        for (DropReason reason : DropReason.values()) {
            counter("netzer.defrag.dropped", "Datagrams in fragments given up, by reason",
                    device.and("reason", reason.label()), state,
                    s -> s.flowCount(f -> f.defragmenter().publishedDropped(reason)));
        }
    }

    /**
     * The delay from a packet's kernel timestamp to its event being handed to a client: a few explicit buckets
     * (a percentile histogram would publish some seventy), from the millisecond a healthy stream takes to the seconds
     * a stalled client's queue holds an event.
     */
    Timer eventDelay() {
        if (eventDelay == null) {
            eventDelay = Timer.builder("netzer.event.delay")
                    .description("Delay from a packet's kernel timestamp to its event leaving NetZer for a client")
                    .serviceLevelObjectives(DELAY_BUCKETS).register(registry);
        }
        return eventDelay;
    }

    /** Counts a client disconnected by NetZer, by reason ({@code too_slow}). */
    void disconnected(String sink, String reason) {
        disconnects(sink, reason).increment();
    }

    private Counter disconnects(String sink, String reason) {
        return Counter.builder("netzer.stream.disconnects").description("Stream clients NetZer disconnected, by why")
                .tags("sink", sink, "reason", reason).register(registry);
    }

    private void counter(String name, String description, Tags tags, ServiceState state,
            ToDoubleFunction<ServiceSession> read) {
        FunctionCounter.builder(name, state, st -> value(st, read)).description(description).tags(tags)
                .register(registry);
    }

    private static double value(ServiceState state, ToDoubleFunction<ServiceSession> read) {
        ServiceSession session = state.session();
        return session == null ? 0 : read.applyAsDouble(session);
    }

    private static double sum(ServiceSession session, ToLongFunction<WorkerStats> read) {
        long total = 0;
        for (WorkerStats worker : session.workers()) {
            total += read.applyAsLong(worker);
        }
        return total;
    }
}
