package io.netzer.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Space-Saving over addresses: exact while it fits, heavy hitters kept when it does not, the index consistent. */
class TopTalkersTest {

    @Test
    void shouldCountExactlyWhileEveryAddressHasASlot() {
        TopTalkers talkers = new TopTalkers(4);
        talkers.addIpv4(0x0a000001, 100); // 10.0.0.1
        talkers.addIpv4(0x0a000002, 50);
        talkers.addIpv4(0x0a000001, 100);
        List<TopTalkers.Talker> top = talkers.snapshot().talkers();
        assertEquals(2, top.size());
        assertEquals("10.0.0.1", top.get(0).address());
        assertEquals(200, top.get(0).bytes());
        assertEquals(2, top.get(0).packets());
        assertEquals(0, top.get(0).error());
        assertEquals("10.0.0.2", top.get(1).address());
    }

    @Test
    void shouldWriteIpv6AsRfc5952() {
        TopTalkers talkers = new TopTalkers(2);
        talkers.add(0x20010db800000000L, 0x0000000000000001L, 1);
        talkers.add(0xfe80000000000000L, 0x02000000000000ffL, 1);
        List<String> addresses = talkers.snapshot().talkers().stream().map(TopTalkers.Talker::address).toList();
        assertTrue(addresses.contains("2001:db8::1"), addresses.toString());
        assertTrue(addresses.contains("fe80::200:0:0:ff"), addresses.toString());
    }

    @Test
    void shouldKeepTheHeavyHittersOfALongTailAndAGuaranteedBound() {
        TopTalkers talkers = new TopTalkers(32);
        Map<Integer, Long> exact = new HashMap<>();
        Random random = new Random(6);
        long total = 0;
        for (int i = 0; i < 200_000; i++) {
            // three heavy hitters among thousands of one-off addresses
            int address = i % 10 < 3 ? 0x0a000000 + i % 10 : 0x0b000000 + random.nextInt(50_000);
            int length = 60 + random.nextInt(1400);
            talkers.addIpv4(address, length);
            exact.merge(address, (long) length, Long::sum);
            total += length;
        }
        List<TopTalkers.Talker> top = talkers.snapshot().talkers();
        assertEquals(32, top.size());
        for (int k = 0; k < 3; k++) {
            TopTalkers.Talker t = top.get(k);
            long truth = exact.get((int) t.low());
            assertTrue(t.address().startsWith("10.0.0."), t.address());
            assertTrue(t.bytes() >= truth && t.bytes() - t.error() <= truth, t + " vs " + truth);
        }
        long sum = top.stream().mapToLong(TopTalkers.Talker::bytes).sum();
        assertEquals(total, sum, "space-saving keeps the total in its counters");
    }
}
