package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.DroppedThreads;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in service mode drops privileges on every thread, including the Vert.x and Quarkus
 * threads started before the drop, and keeps serving under the seccomp filter.
 */
@ExtendWith(LiveNetwork.class)
class ServeDropIT {
    @TempDir
    Path dir;

    @Test
    void shouldServeWithEveryThreadUnprivilegedAndFiltered(TestNetwork network) throws Exception {
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of(), "icmp")) {
            network.inNamespace("ping", "-c", "3", "-i", "0.2", network.hostAddress());
            assertEquals(200, netzer.get("/api/v1/stats").statusCode());
            assertEquals(200, netzer.managementGet("/q/metrics").statusCode());
            List<String> threads = DroppedThreads.assertEveryThreadDropped(netzer.process().pid(), 65534, 1, 10);
            assertTrue(threads.stream().anyMatch(name -> name.startsWith("vert.x")), "Vert.x threads: " + threads);
            assertTrue(netzer.process().isAlive(), netzer.stderr());
        }
    }
}
