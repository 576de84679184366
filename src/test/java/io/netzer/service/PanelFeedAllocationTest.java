package io.netzer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
import io.netzer.app.HttpRequest;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.filter.CompileOptions;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.stats.PanelSampler;
import io.netzer.stats.TopFlows;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard's panels add to a worker's typed events allocates nothing (DESIGN.md, rules of the hot path):
 * counting DNS responses and HTTP exchanges, and passing over flow events too small for the top flows, cost less
 * than a byte each over a million events.
 */
class PanelFeedAllocationTest {
    private static final long MEASURED = 1_000_000;
    private static final long WARM_UP = 300_000;
    private static final long MILLISECOND = 1_000_000;
    /** The IPv4 source address of an Ethernet frame: after the 14 bytes of Ethernet and 12 of IPv4. */
    private static final long SOURCE_OFFSET = 26;
    private static final ValueLayout.OfInt SOURCE_ADDRESS =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final EventFanout fanout = new EventFanout(LinkType.ETHERNET, CompileOptions.forFile());
    private final EventSink events = fanout.events();

    @Test
    void shouldCountOutcomesWithoutAllocating() {
        EventContext context = new EventContext();
        DnsMessage nxdomain = EventFanoutTest.dns(true, 3);
        HttpExchange unanswered = HttpExchange.request(new HttpRequest(), 0);
        count(context, nxdomain, unanswered, WARM_UP);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        count(context, nxdomain, unanswered, MEASURED);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < MEASURED, allocated + " bytes allocated for " + 2 * MEASURED + " events");
        assertEquals(WARM_UP + MEASURED, fanout.outcomes().dnsTotals()[1], "NXDOMAIN");
        assertEquals(WARM_UP + MEASURED, fanout.outcomes().httpTotals()[6], "no response");
    }

    private void count(EventContext context, DnsMessage dns, HttpExchange http, long times) {
        for (long i = 0; i < times; i++) {
            events.dns(context, null, dns);
            events.http(context, null, http);
        }
    }

    @Test
    void shouldPassOverFlowsTooSmallForTheTopFlowsWithoutAllocating() throws IOException {
        FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[0],
                new FlowEvents(new EventSink[] {events}));
        TopFlows flows = new TopFlows(PanelSampler.FLOW_SLOTS, PanelSampler.FLOW_AGE_MILLIS);
        Packet packet = new Packet();
        Dissector dissector = new Dissector();
        // the top flows hold larger flows: 64 flows of 10 datagrams of 1,000 bytes, ended and handed over
        MemorySegment large = MemorySegment.ofArray(FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0a000001, 5000,
                0x0a000002, 53), true, new byte[1000]));
        long nanos = 1_700_000_000_000_000_000L;
        for (int flow = 0; flow < PanelSampler.FLOW_SLOTS; flow++) {
            for (int i = 0; i < 10; i++) {
                large.set(ValueLayout.JAVA_BYTE, SOURCE_OFFSET + 3, (byte) flow); // the address' last byte
                send(stage, packet, dissector, large, nanos);
            }
        }
        CaptureEnd.of(stage);
        fanout.flows().drainInto(flows, 0);
        assertEquals(PanelSampler.FLOW_SLOTS, flows.size());

        // then one-datagram flows from ever new sources, a millisecond apart: each ends after the UDP idle timeout
        MemorySegment small = MemorySegment.ofArray(FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0b000000, 5000,
                0x0a000002, 53), true, new byte[8]));
        long clock = nanos + 120_000 * MILLISECOND;
        long[] next = {0};
        clock = flood(stage, packet, dissector, small, next, clock, WARM_UP);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long eventsBefore = fanout.produced(Dataset.FLOW);
        flood(stage, packet, dissector, small, next, clock, MEASURED);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long flowEvents = fanout.produced(Dataset.FLOW) - eventsBefore;

        assertTrue(flowEvents > MEASURED * 9 / 10, flowEvents + " flow events");
        assertTrue(allocated < MEASURED, allocated + " bytes allocated for " + flowEvents + " flow events");
        assertEquals(0, fanout.flows().waiting(), "none handed over");
    }

    private static long flood(FlowStage stage, Packet packet, Dissector dissector, MemorySegment frame, long[] next,
            long clock, long packets) throws IOException {
        long now = clock;
        for (long i = 0; i < packets; i++) {
            frame.set(SOURCE_ADDRESS, SOURCE_OFFSET, 0x0b000000 + (int) next[0]++);
            now += MILLISECOND;
            send(stage, packet, dissector, frame, now);
        }
        return now;
    }

    private static void send(FlowStage stage, Packet packet, Dissector dissector, MemorySegment frame, long nanos)
            throws IOException {
        packet.wrap(frame, 0, (int) frame.byteSize(), (int) frame.byteSize(), nanos, LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
        stage.accept(packet, dissector);
    }
}
