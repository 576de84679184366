package io.netzer.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler: rates per second from cumulative counters, workers summed, names counted. */
class StatsSamplerTest {

    @Test
    void shouldTurnCountersIntoRatesAndSumTheWorkers() {
        WorkerStats a = new WorkerStats(2, 8);
        WorkerStats b = new WorkerStats(2, 8);
        StatsSampler sampler = new StatsSampler(List.of(a, b), List.of("bad", "worse"), (tls, dns) -> {
            tls.add("example.org");
            tls.add("example.org");
            dns.add("a.example");
        });
        sampler.sample(1_000);
        for (int i = 0; i < 10; i++) {
            a.packet(100, ProtocolMix.TCP);
            b.packet(50, ProtocolMix.UDP);
        }
        a.talkers().addIpv4(0x0a000001, 1000);
        b.talkers().addIpv4(0x0a000001, 500);
        a.decodeErrors(1, 3);
        a.publishAll(0);
        b.publishAll(0);
        StatsSnapshot s = sampler.sample(2_000);
        assertEquals(20, s.packets());
        assertEquals(1500, s.bytes());
        assertEquals(20.0, s.packetsPerSecond());
        assertEquals(12_000.0, s.bitsPerSecond());
        assertArrayEquals(new double[] {20.0}, s.packetSeries());
        assertEquals(10, s.protocols().get(ProtocolMix.TCP).packets());
        assertEquals(500, s.protocols().get(ProtocolMix.UDP).bytes());
        assertEquals("10.0.0.1", s.talkers().get(0).address());
        assertEquals(1500, s.talkers().get(0).bytes());
        assertEquals(3L, s.decodeErrors().get("worse"));
        assertEquals(new TopNames.NameCount("example.org", 4), s.serverNames().get(0));
        assertEquals(3, sampler.sample(2_500).dnsNames().get(0).count(), "one a sample, three samples");
    }

    @Test
    void shouldKeepTheNamesSeenMostWithinItsSlots() {
        TopNames names = new TopNames(3);
        for (int i = 0; i < 100; i++) {
            names.add("popular.example");
            names.add("random-" + i + ".example");
        }
        assertEquals("popular.example", names.top(1).get(0).name());
        assertEquals(100, names.top(1).get(0).count());
        assertEquals(3, names.top(10).size());
    }
}
