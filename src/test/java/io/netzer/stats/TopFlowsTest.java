package io.netzer.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The top flows: a flow's reports replace its row, the largest flows stay, old rows go, the slots never grow. */
class TopFlowsTest {
    private static final long START = 1_700_000_000_000_000_000L;

    private static FlowRow flow(int client, long bytes, String endReason) {
        return FlowRow.of(new byte[] {10, 0, (byte) (client >>> 8), (byte) client}, 40000 + client % 1000,
                new byte[] {10, 9, 9, 9}, 443, 6, -1, bytes, bytes / 100, START, START + 2_000_000_000L, "established",
                endReason, 0);
    }

    @Test
    void shouldReplaceAFlowsRowWithItsLaterReport() {
        TopFlows flows = new TopFlows(4, 300_000);
        flows.add(flow(1, 1000, "active_timeout"), 0);
        flows.add(flow(1, 5000, "closed"), 1000);
        List<FlowRow> top = flows.top(10);
        assertEquals(1, top.size());
        assertEquals(5000, top.get(0).bytes());
        assertEquals("closed", top.get(0).endReason());
    }

    @Test
    void shouldReplaceALiveRowWithTheFlowsEndAndNeverTheEndWithALiveRow() {
        TopFlows flows = new TopFlows(4, 300_000);
        flows.add(live(1, 1000, START + 1_000_000_000L), 0);
        flows.add(live(1, 3000, START + 1_500_000_000L), 1000);
        assertEquals(3000, flows.top(1).get(0).bytes(), "live counts grow");
        flows.add(live(1, 2000, START + 1_200_000_000L), 2000);
        assertEquals(3000, flows.top(1).get(0).bytes(), "an older live report comes too late");
        flows.add(flow(1, 5000, "closed"), 3000);
        // the worker's last pass, published before the flow ended, still holds it as running: its last packet was
        // the flow's last (it ended by timeout), so only the row's kind tells them apart
        flows.add(live(1, 5000, START + 2_000_000_000L), 4000);
        List<FlowRow> top = flows.top(10);
        assertEquals(1, top.size());
        assertEquals("closed", top.get(0).endReason());
    }

    @Test
    void shouldKeepALargeLiveFlowAgainstAFloodOfSmallEndedFlows() {
        TopFlows flows = new TopFlows(PanelSampler.FLOW_SLOTS, 300_000);
        flows.add(live(0, 50_000_000L, START + 1_000_000_000L), 0);
        for (int i = 1; i <= 100_000; i++) {
            flows.add(flow(i, 60 + i % 1000, "idle_timeout"), i / 1000);
        }
        flows.add(live(0, 80_000_000L, START + 2_000_000_000L), 100);
        FlowRow first = flows.top(1).get(0);
        assertEquals(80_000_000L, first.bytes(), "the running flow stays first, with its latest counts");
        assertEquals(null, first.endReason());
    }

    @Test
    void shouldForgetALiveRowNotReportedAgainSoonerThanAnEndedOne() {
        TopFlows flows = new TopFlows(4, 300_000);
        flows.add(live(1, 5000, START + 1_000_000_000L), 0);
        flows.add(flow(2, 100, "closed"), 0);
        flows.expire(TopFlows.LIVE_AGE_MILLIS);
        assertEquals(2, flows.size());
        // its worker no longer publishes it, and no final row came (its end was dropped at the hand-over)
        flows.expire(TopFlows.LIVE_AGE_MILLIS + 1);
        assertEquals(List.of("10.0.0.2"), flows.top(10).stream().map(FlowRow::source).toList());
    }

    private static FlowRow live(int client, long bytes, long lastNanos) {
        FlowRow flow = flow(client, bytes, null);
        return new FlowRow(flow.source(), flow.sourcePort(), flow.destination(), flow.destinationPort(), 6, false, -1,
                bytes, bytes / 100, START, lastNanos, "established", null, 0);
    }

    @Test
    void shouldKeepTheLargestFlowsAndTellTheThreshold() {
        TopFlows flows = new TopFlows(3, 300_000);
        for (int i = 1; i <= 10; i++) {
            assertEquals(i <= 3 ? 0 : (i - 3) * 100L, flows.threshold(), "threshold before flow " + i);
            flows.add(flow(i, i * 100L, "closed"), 0);
        }
        assertEquals(List.of(1000L, 900L, 800L), flows.top(10).stream().map(FlowRow::bytes).toList());
        flows.add(flow(11, 800, "closed"), 0);
        assertEquals(800, flows.top(10).get(2).bytes());
        assertEquals("10.0.0.8", flows.top(10).get(2).source(), "a tie does not take the slot");
    }

    @Test
    void shouldForgetRowsNotReportedWithinTheAge() {
        TopFlows flows = new TopFlows(4, 300_000);
        flows.add(flow(1, 5000, "closed"), 0);
        flows.add(flow(2, 100, "active_timeout"), 200_000);
        flows.expire(300_000);
        assertEquals(2, flows.size());
        flows.expire(300_001);
        assertEquals(List.of("10.0.0.2"), flows.top(10).stream().map(FlowRow::source).toList());
    }

    @Test
    void shouldHoldItsSlotsWhateverTheNumberOfDistinctFlows() {
        TopFlows flows = new TopFlows(PanelSampler.FLOW_SLOTS, 300_000);
        flows.add(flow(0, 1_000_000_000L, "active_timeout"), 0);
        // a flood of distinct small flows (a scan): a million, one slot each at most, never more slots
        for (int i = 1; i <= 1_000_000; i++) {
            FlowRow row = FlowRow.of(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i},
                    i & 0xffff, new byte[] {10, 9, 9, 9}, 80, 6, -1, 60 + i % 7, 1, START + i, START + i, "new",
                    "idle_timeout", 0);
            if (row.bytes() >= flows.threshold()) {
                flows.add(row, 0);
            }
            assertTrue(flows.size() <= PanelSampler.FLOW_SLOTS);
        }
        assertEquals(PanelSampler.FLOW_SLOTS, flows.size());
        assertEquals(1_000_000_000L, flows.top(1).get(0).bytes(), "the heavy flow stays");
        assertEquals(66, flows.threshold(), "the rest are the largest of the flood");
    }

    @Test
    void shouldSelectTheFlowBothWaysInTcpdumpsLanguage() {
        assertEquals("tcp and host 10.0.0.1 and port 40001 and host 10.9.9.9 and port 443",
                flow(1, 100, "closed").filter());
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[15] = 1;
        b[0] = (byte) 0xfe;
        b[1] = (byte) 0x80;
        b[15] = 2;
        FlowRow icmp6 = FlowRow.of(a, 0, b, 0, 58, -1, 100, 1, START, START, "new", "idle_timeout", -1);
        assertEquals("icmp6 and host 2001::1 and host fe80::2", icmp6.filter());
        assertEquals("ipv6-icmp", icmp6.transport());
        FlowRow gre = FlowRow.of(new byte[] {1, 2, 3, 4}, 0, new byte[] {5, 6, 7, 8}, 0, 47, 7, 100, 1, START, START,
                "new", "idle_timeout", -1);
        assertEquals("vlan 7 and ip proto 47 and host 1.2.3.4 and host 5.6.7.8", gre.filter());
        assertEquals("47", gre.transport());
    }
}
