package io.netzer.capture;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.TestNetwork;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fanout over a veth pair: flows split between workers, none lost, none twice (root only). */
@ExtendWith(LiveNetwork.class)
class LiveCaptureGroupTest {
    private TestNetwork network;

    @BeforeEach
    void createNetwork(TestNetwork network) {
        this.network = network;
    }

    @Test
    void shouldSplitFlowsBetweenTwoWorkersAndLoseNone() throws Exception {
        int count = 3000;
        int flows = 64;
        LiveRingConfig config = LiveRingConfig.of(network.hostInterface()).withRing(64 * 1024, 32, 5);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try (LiveCaptureGroup group = LiveCaptureGroup.open(config, 2)) {
            group.start();
            List<Future<UdpCollector.Collected>> results = new ArrayList<>();
            for (LiveRingSource source : group.sources()) {
                results.add(workers.submit(() -> UdpCollector.collect(source, count, 0, 5_000)));
            }
            network.sendUdp(count, flows, 64);

            BitSet seen = new BitSet();
            Map<Integer, Integer> workerOfFlow = new HashMap<>();
            int total = 0;
            for (int worker = 0; worker < 2; worker++) {
                List<UdpCollector.Datagram> datagrams = results.get(worker).get().datagrams();
                assertTrue(datagrams.size() > count / 10, "worker " + worker + " got " + datagrams.size());
                for (UdpCollector.Datagram d : datagrams) {
                    assertTrue(!seen.get(d.number()), "datagram " + d.number() + " twice");
                    seen.set(d.number());
                    Integer previous = workerOfFlow.put(d.sourcePort(), worker);
                    assertTrue(previous == null || previous == worker, "flow " + d.sourcePort() + " split");
                }
                total += datagrams.size();
            }
            assertEquals(count, total);
            assertEquals(count, seen.cardinality());
            assertEquals(flows, workerOfFlow.size());
            assertEquals(0, group.statistics().dropped());
            assertEquals(count, group.ringStatistics().packets());
        } finally {
            workers.shutdownNow();
        }
    }
}
