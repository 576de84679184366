package io.netzer.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
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

/**
 * The Prometheus metrics of a capture ({@code /q/metrics} on the management port). Every meter reads the capture's
 * own counters when scraped (the packet path never touches Micrometer), and every label has few values:
 * {@code interface}, {@code reason}, {@code protocol}, {@code sink}. Never addresses or names.
 */
@ApplicationScoped
public class CaptureMetrics {
    private static final List<String> SINKS = List.of("http", "websocket", "names");

    @Inject
    MeterRegistry registry;

    private Timer eventDelay;

    /** Registers the meters of the session {@code state} serves (reading through it, so a re-attach is seen). */
    void bind(ServiceState state, ServiceSession session) {
        Tags iface = Tags.of("interface", session.info().interfaceName());
        counter("netzer.packets.captured", "Packets the workers received (after the capture filter)", iface,
                state, s -> sum(s, WorkerStats::packets));
        counter("netzer.bytes.captured", "Bytes on the wire of the packets captured", iface, state,
                s -> sum(s, WorkerStats::bytes));
        counter("netzer.kernel.received", "Packets the kernel passed to the sockets (PACKET_STATISTICS)", iface,
                state, s -> s.kernel().received());
        counter("netzer.kernel.drops", "Packets the kernel dropped for lack of ring space", iface, state,
                s -> s.kernel().dropped());
        counter("netzer.kernel.freezes", "Times the kernel froze a ring (TPACKET_V3 queue freeze)", iface, state,
                s -> s.kernel().freezes());
        counter("netzer.ring.blocks.retired", "Ring blocks the kernel closed, by why", iface.and("reason", "timeout"),
                state, s -> s.ring().blocksRetiredByTimeout());
        counter("netzer.ring.blocks.retired", "Ring blocks the kernel closed, by why", iface.and("reason", "full"),
                state, s -> s.ring().blocksRetiredFull());
        counter("netzer.ring.sequence.gaps", "Ring blocks missing between consecutive sequence numbers", iface, state,
                s -> s.ring().sequenceGaps());
        Gauge.builder("netzer.pipeline.queue.high_water", state, st -> value(st, s -> s.ring().queueHighWater()))
                .description("The most ring blocks ever waiting between the capture thread and a worker")
                .tags(iface).register(registry);
        for (DecodeStatus reason : DecodeStatus.values()) {
            counter("netzer.decode.errors", "Packets not fully decoded, by reason", Tags.of("reason", reason.reason()),
                    state, s -> sum(s, w -> w.decodeErrors(reason.ordinal())));
        }
        for (int p = 0; p < ProtocolMix.COUNT; p++) {
            int protocol = p;
            counter("netzer.protocol.packets", "Packets captured by protocol class",
                    iface.and("protocol", ProtocolMix.NAMES.get(p)), state,
                    s -> sum(s, w -> w.protocolPackets(protocol)));
        }
        for (String sink : SINKS) {
            counter("netzer.events.dropped", "Events dropped because a stream client's queue was full, by sink",
                    Tags.of("sink", sink), state, s -> s.fanout().droppedCounter(sink).get());
            Gauge.builder("netzer.stream.clients", state, st -> value(st, s -> s.fanout().subscribers().stream()
                    .filter(c -> c.kind().equals(sink)).count()))
                    .description("Stream subscribers connected, by sink").tags("sink", sink).register(registry);
        }
        for (Dataset type : List.of(Dataset.FLOW, Dataset.TLS, Dataset.DNS, Dataset.HTTP)) {
            counter("netzer.events.produced", "Flow and app-layer events the workers produced, by type",
                    Tags.of("type", type.type()), state, s -> s.fanout().produced(type));
        }
        Gauge.builder("netzer.flows.active", state, st -> value(st, s -> s.flowCount(FlowStage::publishedFlowsHeld)))
                .description("Flows held in the workers' flow tables").register(registry);
        counter("netzer.flows.created", "Flows the workers' flow tables created", Tags.empty(), state,
                s -> s.flowCount(FlowStage::publishedFlowsCreated));
        counter("netzer.flows.evicted", "Flows evicted at the flow cap (the longest idle first)", Tags.empty(), state,
                s -> s.flowCount(FlowStage::publishedFlowsEvicted));
        Gauge.builder("netzer.reassembly.held.bytes", state,
                st -> value(st, s -> s.flowCount(FlowStage::publishedReassemblyHeldBytes)))
                .description("Out-of-order TCP bytes held for reassembly").baseUnit("bytes").register(registry);
        counter("netzer.reassembly.dropped.bytes", "TCP stream bytes dropped at a reassembly memory cap",
                Tags.of("reason", "memory_cap"), state, s -> s.flowCount(FlowStage::publishedReassemblyDroppedBytes));
        Gauge.builder("netzer.ready", state, st -> value(st, s -> s.isReady() ? 1 : 0))
                .description("1 once the capture runs unprivileged with its workers").register(registry);
    }

    /** The delay from a packet's kernel timestamp to its event being handed to a client. */
    Timer eventDelay() {
        if (eventDelay == null) {
            eventDelay = Timer.builder("netzer.event.delay")
                    .description("Delay from a packet's kernel timestamp to its event leaving NetZer for a client")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        }
        return eventDelay;
    }

    /** Counts a client disconnected by NetZer, by reason ({@code too_slow}). */
    void disconnected(String sink, String reason) {
        registry.counter("netzer.stream.disconnects", "sink", sink, "reason", reason).increment();
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
