package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream client that reads nothing while pings are captured at a steady rate: the capture loses nothing (no kernel
 * drop), the client's events are dropped and counted, memory stays flat, and once its queue has stayed full for
 * the stall timeout the client is disconnected with the reason as its last line.
 *
 * <p>The stall lasts {@code -Dnetzer.backpressure.seconds} (default 20; the minute is
 * {@code -Dnetzer.backpressure.seconds=60}); the stall timeout is set to half of it.
 */
@ExtendWith(LiveNetwork.class)
class BackPressureIT {
    private static final int SECONDS = Integer.getInteger("netzer.backpressure.seconds", 20);
    private static final long RSS_GROWTH_LIMIT_KIB = 96 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldDropAndCountForAStalledClientWithoutSlowingTheCapture(TestNetwork network) throws Exception {
        try (ServedNetzer netzer = ServedNetzer.start(network, dir,
                Map.of("NETZER_SERVE_CLIENT_STALL_TIMEOUT", (SECONDS / 2) + "s",
                        "NETZER_SERVE_CLIENT_QUEUE", "2000"))) {
            String iface = "{device=\"" + network.hostInterface() + "\"}";
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new java.net.InetSocketAddress("127.0.0.1", netzer.port()));
                stalled.getOutputStream().write(("GET /api/v1/events?types=packet HTTP/1.1\r\nHost: 127.0.0.1:"
                        + netzer.port() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                // 500 echo requests a second (1,000 events with the replies): the client's queue of 2,000 fills within
                // seconds, at a rate the capture keeps up with on a shared CI machine
                Process flood = network.startInNamespace("ping", "-q", "-i", "0.002", "-s", "400", "-w",
                        Integer.toString(SECONDS), network.hostAddress());
                Thread.sleep(3000);
                long rssBefore = netzer.residentKib();
                double capturedBefore = netzer.metric("netzer_captured_packets_total" + iface);
                assertTrue(flood.waitFor(SECONDS + 20, TimeUnit.SECONDS));
                Thread.sleep(1500);
                long rssAfter = netzer.residentKib();
                double captured = netzer.metric("netzer_captured_packets_total" + iface);
                double dropped = netzer.metric("netzer_events_dropped_total{sink=\"http\"}");
                System.out.printf("back-pressure: %d s stall, %.0f packets captured during it, %.0f events dropped "
                        + "for the stalled client, RSS %d -> %d KiB, kernel drops %.0f%n", SECONDS,
                        captured - capturedBefore, dropped, rssBefore, rssAfter,
                        netzer.metric("netzer_kernel_dropped_packets_total" + iface));

                assertTrue(captured - capturedBefore > 20L * SECONDS, "traffic was captured: " + (captured - capturedBefore));
                assertEquals(0, netzer.metric("netzer_kernel_dropped_packets_total" + iface), "kernel drops");
                assertTrue(dropped > 100L * SECONDS / 2, "events dropped for the stalled client: " + dropped);
                assertTrue(rssAfter - rssBefore < RSS_GROWTH_LIMIT_KIB,
                        "resident memory grew from " + rssBefore + " to " + rssAfter + " KiB");
                assertEquals(1, netzer.metric("netzer_stream_disconnects_total{reason=\"too_slow\",sink=\"http\"}"));

                // what the client finally reads: the backlog, then the reason it was disconnected, then the end
                stalled.setSoTimeout(10_000);
                BufferedReader reader = new BufferedReader(new InputStreamReader(stalled.getInputStream(),
                        StandardCharsets.UTF_8));
                String last = null;
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        last = line;
                    }
                }
                assertTrue(last != null && last.contains("\"dataset\":\"netzer.notice\"")
                        && last.contains("fell behind"), "last line: " + last);
            }
            assertEquals(200, netzer.managementGet("/q/health/live").statusCode());
        }
    }
}
