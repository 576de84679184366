package io.netzer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.filter.CompileOptions;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.pipeline.LiveFlows;
import io.netzer.stats.FlowRow;
import io.netzer.stats.PanelSampler;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's top flows while a flow runs: its worker's live rows come into the table at the next sample, and
 * its final row replaces them when it ends.
 */
class LiveFlowFeedTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_700_000_000L * SECOND;
    private static final FlowFrames.Endpoints BACKUP = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0x0a000002, 873);

    private final EventFanout fanout = new EventFanout(LinkType.ETHERNET, CompileOptions.forFile());
    private final FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[0],
            new FlowEvents(new EventSink[] {fanout.events()}));
    private final PanelSampler panels = new PanelSampler(fanout.outcomes(),
            new LiveFlowFeed(List.of(stage), fanout.flows()));
    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private long seq = 1;

    private void segments(int count, long nanos) throws IOException {
        for (int i = 0; i < count; i++) {
            FlowFrames.dissect(FlowFrames.tcp(BACKUP, true, seq, 1, FlowFrames.ACK, new byte[1000]), nanos, packet,
                    dissector);
            stage.accept(packet, dissector);
            seq += 1000;
        }
        stage.endOfBatch();
    }

    @Test
    void shouldShowARunningFlowWithinThePublicationPeriodThenItsEnd() throws Exception {
        segments(10, START);
        FlowRow first = panels.sample(System.currentTimeMillis(), 0, 0).topFlows().get(0);
        assertNull(first.endReason(), "live: the flow has not ended");
        assertEquals(10, first.packets());
        assertEquals(10 * 1054, first.bytes());
        assertEquals("tcp and host 10.0.0.1 and port 40000 and host 10.0.0.2 and port 873", first.filter());

        long began = System.nanoTime();
        FlowRow later = first;
        for (int batch = 1; later.packets() == first.packets(); batch++) {
            segments(10, START + batch * SECOND);
            Thread.sleep(20);
            later = panels.sample(System.currentTimeMillis(), 0, 0).topFlows().get(0);
        }
        long waited = System.nanoTime() - began;
        assertTrue(waited < 2 * LiveFlows.PASS_NANOS, "shown after " + waited / 1_000_000 + " ms");
        assertTrue(later.bytes() > first.bytes() && later.durationNanos() > first.durationNanos(), later.toString());
        assertNull(later.endReason());
        assertEquals(1, panels.latest().topFlows().size(), "one row for the flow, updated in place");

        CaptureEnd.of(stage);
        List<FlowRow> top = panels.sample(System.currentTimeMillis(), 0, 0).topFlows();
        assertEquals(1, top.size());
        assertEquals("end_of_capture", top.get(0).endReason(), "the final row replaced the live one");
        assertEquals(later.startNanos(), top.get(0).startNanos());
    }
}
