package io.netzer.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The on-call panels: outcomes counted by class, per-second rates aligned with the traffic series, top flows fed. */
class PanelSamplerTest {

    @Test
    void shouldCountEachOutcomeInItsClass() {
        AppOutcomes outcomes = new AppOutcomes();
        for (int code : new int[] {0, 3, 3, 2, 5, 1, 15}) {
            outcomes.dnsResponse(code);
        }
        for (int status : new int[] {101, 200, 204, 301, 404, 503, 999, 0}) {
            outcomes.httpExchange(status);
        }
        for (int version : new int[] {0x0304, 0x0303, 0x0302, 0x0301, 0x0300, 0x0200, 0x7f1c, 0}) {
            outcomes.tlsVersion(version);
        }
        // NOERROR, NXDOMAIN, SERVFAIL, REFUSED, other (FORMERR and 15)
        assertArrayEquals(new long[] {1, 2, 1, 1, 2}, outcomes.dnsTotals());
        // 1xx to 5xx, other (999), no response
        assertArrayEquals(new long[] {1, 2, 1, 1, 1, 1, 1}, outcomes.httpTotals());
        // TLS 1.3 to SSL 3.0, other (SSL 2.0, a draft), not negotiated
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 2, 1}, outcomes.tlsTotals());
    }

    @Test
    void shouldTurnTotalsIntoRatesFromTheSecondSampleAsTheTrafficSeries() {
        AppOutcomes outcomes = new AppOutcomes();
        List<FlowRow> reported = new ArrayList<>();
        PanelSampler panels = new PanelSampler(outcomes, (flows, now) -> {
            reported.forEach(row -> flows.add(row, now));
            reported.clear();
        });
        StatsSampler traffic = new StatsSampler(List.of(), List.of(), (a, b) -> { });

        panels.sample(1_000, 5, 0);
        traffic.sample(1_000);
        outcomes.dnsResponse(3);
        outcomes.dnsResponse(3);
        outcomes.httpExchange(502);
        reported.add(FlowRow.of(new byte[] {10, 0, 0, 1}, 40000, new byte[] {10, 0, 0, 2}, 53, 17, -1, 900, 2, 0,
                1_000_000, "established", "idle_timeout", -1));
        PanelSnapshot second = panels.sample(3_000, 9, 4);
        StatsSnapshot trafficSecond = traffic.sample(3_000);

        assertEquals(trafficSecond.packetSeries().length, second.kernelDrops().perSecond().length, "aligned");
        assertEquals("NXDOMAIN", second.dnsResponseCodes().get(1).name());
        assertEquals(2, second.dnsResponseCodes().get(1).total());
        assertArrayEquals(new double[] {1.0}, second.dnsResponseCodes().get(1).perSecond(), "2 in 2 s");
        assertArrayEquals(new double[] {0.5}, second.httpStatusClasses().get(4).perSecond());
        assertArrayEquals(new double[] {2.0}, second.kernelDrops().perSecond());
        assertEquals(9, second.kernelDrops().total());
        assertArrayEquals(new double[] {2.0}, second.eventsDropped().perSecond());
        assertEquals(1, second.topFlows().size());
        assertEquals("udp", second.topFlows().get(0).transport());
        assertEquals(1, panels.sample(4_000, 9, 4).topFlows().size(), "a row stays until it ages out");
        assertEquals(0, panels.sample(3_000 + 300_001, 9, 4).topFlows().size());
    }
}
