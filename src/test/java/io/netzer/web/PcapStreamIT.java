package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/pcap} on a live capture of a veth pair: the stream, piped into {@code tcpdump -r -} as a user
 * pipes it, holds exactly the packets sent that match its filter, for as long or as many as asked; a bad filter
 * or limit is a 400 with one line; a client that reads nothing is cut off and counted as the event streams' are.
 */
@ExtendWith(LiveNetwork.class)
class PcapStreamIT {
    @TempDir
    Path dir;

    @Test
    void shouldStreamExactlyTheMatchingPacketsIntoTcpdump(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        Tools.require("curl");
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of())) {
            HttpResponse<String> bad = netzer.get("/api/v1/pcap?filter=tcp+port");
            assertEquals(400, bad.statusCode());
            assertEquals(1, bad.body().lines().count(), bad.body());
            assertTrue(bad.body().contains("filter: column 9: expected a port number or name"), bad.body());
            HttpResponse<String> badCount = netzer.get("/api/v1/pcap?count=-1");
            assertEquals(400, badCount.statusCode());
            assertTrue(badCount.body().contains("count: expected a positive whole number, found '-1'"),
                    badCount.body());

            // Echo requests only, for 8 seconds: 5 requests and their 5 replies go by, and UDP besides.
            Path seconds = dir.resolve("seconds.txt");
            Process timed = pipeIntoTcpdump(netzer, "filter=icmp%5Bicmptype%5D%3D8&seconds=8", seconds);
            // The first 3 packets of a UDP flow, whatever comes after.
            Path counted = dir.resolve("count.txt");
            Process first = pipeIntoTcpdump(netzer, "filter=udp+port+9999&count=3", counted);
            waitUntil(() -> metric(netzer, "netzer_stream_clients{sink=\"pcap\"}") == 2);

            network.inNamespace("ping", "-c", "5", "-i", "0.2", network.hostAddress());
            for (int i = 0; i < 6; i++) {
                network.inNamespace("bash", "-c", "echo datagram" + i + " > /dev/udp/" + network.hostAddress()
                        + "/9999");
            }
            assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the stream ends after count packets");
            assertTrue(timed.waitFor(20, TimeUnit.SECONDS), "the stream ends after its seconds");

            List<String> requests = Files.readAllLines(seconds);
            assertEquals(5, requests.size(), String.join("\n", requests));
            for (String line : requests) {
                assertTrue(line.contains(network.peerAddress() + " > " + network.hostAddress()
                        + ": ICMP echo request"), line);
            }
            List<String> datagrams = Files.readAllLines(counted);
            assertEquals(3, datagrams.size(), String.join("\n", datagrams));
            for (String line : datagrams) {
                assertTrue(line.contains(" > " + network.hostAddress() + ".9999: UDP, length 10"), line);
            }
            assertEquals(0, metric(netzer, "netzer_events_dropped_total{sink=\"pcap\"}"));
            waitUntil(() -> metric(netzer, "netzer_stream_clients{sink=\"pcap\"}") == 0);
        }
    }

    @Test
    void shouldCutOffAndCountAClientThatReadsNothing(TestNetwork network) throws Exception {
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of(
                "NETZER_SERVE_CLIENT_STALL_TIMEOUT", "3s", "NETZER_SERVE_CLIENT_QUEUE", "200"));
                Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", netzer.port()));
            stalled.getOutputStream().write(("GET /api/v1/pcap HTTP/1.1\r\nHost: 127.0.0.1:" + netzer.port()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            waitUntil(() -> metric(netzer, "netzer_stream_clients{sink=\"pcap\"}") == 1);
            // 500 pings of 1,400 bytes a second, and their replies: the sockets' buffers fill within seconds, then
            // the client's queue of 200
            Process flood = network.startInNamespace("ping", "-q", "-i", "0.002", "-s", "1400", "-w", "12",
                    network.hostAddress());
            assertTrue(flood.waitFor(20, TimeUnit.SECONDS));
            waitUntil(() -> metric(netzer,
                    "netzer_stream_disconnects_total{reason=\"too_slow\",sink=\"pcap\"}") == 1);
            assertTrue(metric(netzer, "netzer_events_dropped_total{sink=\"pcap\"}") > 100,
                    "packets dropped for the stalled client");
            assertEquals(0, metric(netzer, "netzer_stream_clients{sink=\"pcap\"}"));

            // What the client finally reads: the backlog, and no end of the chunked body (it was cut off).
            stalled.setSoTimeout(10_000);
            byte[] received = readToEnd(stalled.getInputStream());
            String tail = new String(received, Math.max(0, received.length - 5), Math.min(5, received.length),
                    StandardCharsets.ISO_8859_1);
            assertTrue(received.length > 0, "the response started");
            assertFalse(tail.equals("0\r\n\r\n"), "a cut-off stream must not look complete");
            assertEquals(200, netzer.managementGet("/q/health/live").statusCode());
        }
    }

    /** {@code curl -sN URL | tcpdump -nn -r -} with its lines (no header) in {@code out}. */
    private static Process pipeIntoTcpdump(ServedNetzer netzer, String query, Path out) throws IOException {
        String url = netzer.baseUrl() + "/api/v1/pcap?" + query;
        return new ProcessBuilder("bash", "-c", "set -o pipefail; curl -sN --max-time 60 '" + url
                + "' | tcpdump -nn -r - 2>/dev/null").redirectOutput(out.toFile()).start();
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return out.toByteArray();
                }
                out.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                return out.toByteArray(); // reset by the server: also the end
            }
        }
        throw new AssertionError("the stalled client's connection was not closed");
    }

    private static double metric(ServedNetzer netzer, String sample) {
        try {
            return netzer.metric(sample);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(100);
        }
    }
}
