package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in service mode, capturing live on a veth pair while a test namespace sends traffic:
 * readiness goes UP, metrics count the packets sent, the NDJSON stream and the WebSocket deliver the events of
 * that traffic, stdout stays pure NDJSON, the token guards the dashboard, and without --serve no port is opened.
 */
class ServeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @ExtendWith(LiveNetwork.class)
    void shouldGetReadyCountThePacketsSentAndStreamTheirEvents(TestNetwork network) throws Exception {
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of(), "icmp")) {
            JsonNode health = JSON.readTree(netzer.managementGet("/q/health").body());
            assertEquals("UP", health.get("status").asText(), health.toString());
            assertEquals(200, netzer.managementGet("/q/health/live").statusCode());
            assertEquals(200, netzer.managementGet("/q/health/started").statusCode());
            assertTrue(netzer.stderr().contains("serving: dashboard and API on http://127.0.0.1:" + netzer.port()),
                    netzer.stderr());

            List<String> streamed = new CopyOnWriteArrayList<>();
            CompletableFuture<HttpResponse<Stream<String>>> stream = HTTP.sendAsync(HttpRequest.newBuilder(
                    URI.create(netzer.baseUrl() + "/api/v1/events?types=packet&filter=icmp%5Bicmptype%5D%3D8"))
                    .build(), HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("application/x-ndjson", response.headers().firstValue("content-type").orElse(""));
            Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(streamed::add));

            List<JsonNode> snapshots = new CopyOnWriteArrayList<>();
            List<JsonNode> subscribed = new CopyOnWriteArrayList<>();
            WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + netzer.port()
                    + "/api/v1/live?types=packet"), new Collector(snapshots, subscribed, new StringBuilder()))
                    .get(10, TimeUnit.SECONDS);

            waitUntil(() -> !subscribed.isEmpty()); // the WebSocket's subscription is in place before traffic
            network.inNamespace("ping", "-c", "5", "-i", "0.2", network.hostAddress());
            waitUntil(() -> streamed.size() >= 5 && netzer.metric(
                    "netzer_captured_packets_total{device=\"" + network.hostInterface() + "\"}") >= 10);
            Thread.sleep(1500);

            assertEquals(5, streamed.size(), String.join("\n", streamed));
            for (String line : streamed) {
                JsonNode event = JSON.readTree(line);
                assertEquals("netzer.packet", event.at("/event/dataset").asText());
                assertEquals(network.peerAddress(), event.at("/source/ip").asText());
                assertEquals(8, event.at("/netzer/icmp/type").asInt());
            }
            String iface = "{device=\"" + network.hostInterface() + "\"}";
            assertEquals(10, netzer.metric("netzer_captured_packets_total" + iface));
            assertEquals(10 * 98, netzer.metric("netzer_captured_bytes_total" + iface));
            assertEquals(0, netzer.metric("netzer_kernel_dropped_packets_total" + iface));
            assertEquals(10, netzer.metric("netzer_protocol_packets_total{device=\"" + network.hostInterface()
                    + "\",protocol=\"icmp\"}"));

            JsonNode stats = JSON.readTree(netzer.get("/api/v1/stats").body());
            assertEquals(10, stats.at("/totals/packets").asLong(), stats.toString());
            assertEquals("icmp", stats.at("/capture/filter").asText());
            assertEquals("nobody", stats.at("/capture/user").asText());
            assertTrue(stats.at("/talkers").toString().contains(network.peerAddress()), stats.toString());
            assertEquals(1, stats.at("/flows/active").asLong(), stats.toString()); // the ping's ICMP flow
            assertEquals(1, netzer.metric("netzer_flows_created_total" + iface));

            assertTrue(snapshots.size() >= 2, "snapshots pushed: " + snapshots.size());
            long pushedEvents = snapshots.stream().mapToLong(s -> s.get("events").size()).sum();
            assertEquals(10, pushedEvents, "events pushed over the WebSocket");
            assertEquals(10, snapshots.getLast().at("/stats/totals/packets").asLong());
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            reader.interrupt();
        }
    }

    @Test
    @ExtendWith(LiveNetwork.class)
    void shouldWriteOnlyNdjsonToStdoutWhileServing(TestNetwork network) throws Exception {
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of(), "--events", "packet", "--output",
                "-")) {
            network.inNamespace("ping", "-c", "4", "-i", "0.2", network.hostAddress());
            Thread.sleep(500);
            netzer.close();
            List<String> lines = netzer.stdoutLines();
            assertTrue(lines.size() >= 8, "events on stdout: " + lines.size());
            for (String line : lines) {
                assertEquals("netzer.packet", JSON.readTree(line).at("/event/dataset").asText(), line);
            }
            String log = netzer.stderr();
            assertTrue(log.contains("listening on") && log.contains("packets captured"), log);
        }
    }

    @Test
    @ExtendWith(LiveNetwork.class)
    void shouldRequireTheTokenOnTheDashboardAndTheApiButNotOnHealth(TestNetwork network) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret-Token\n");
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of(), "--auth-token-file",
                token.toString())) {
            assertEquals(401, netzer.get("/").statusCode());
            assertEquals(401, netzer.get("/api/v1/stats").statusCode());
            assertEquals(401, netzer.get("/api/v1/stats", "Authorization", "Bearer wrong").statusCode());
            assertEquals("HTTP/1.1 401 Unauthorized", upgradeStatus(netzer.port(), ""));
            assertEquals("HTTP/1.1 101 Switching Protocols", upgradeStatus(netzer.port(),
                    "Authorization: Bearer s3cret-Token\r\n"));
            assertEquals(200, netzer.get("/api/v1/stats", "Authorization", "Bearer s3cret-Token").statusCode());
            HttpResponse<String> login = netzer.get("/?token=s3cret-Token");
            assertEquals(303, login.statusCode());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(cookie.startsWith("netzer_token=s3cret-Token") && cookie.contains("HTTPOnly")
                    || cookie.contains("HttpOnly"), cookie);
            assertEquals(200, netzer.get("/", "Cookie", cookie.split(";")[0]).statusCode());
            assertEquals(200, netzer.managementGet("/q/health/ready").statusCode());
            assertEquals(200, netzer.managementGet("/q/metrics").statusCode());
        }
    }

    @Test
    void shouldOpenNoPortWhileReadingAFile() throws Exception {
        Process netzer = new ProcessBuilder(Path.of(System.getProperty("netzer.home", "."), "netzer").toString(),
                "-r", "-", "-q").redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile())
                .start();
        try (OutputStream stdin = netzer.getOutputStream()) {
            // a pcap header, then nothing: netzer waits for packets on stdin, with Quarkus fully started
            stdin.write(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0});
            stdin.flush();
            // without --serve, the command line runs on plain picocli (no Quarkus, no Vert.x): once the JVM has
            // started, netzer waits for packets on stdin, and no listening socket may exist meanwhile
            waitUntil(() -> threadNames(netzer.pid()).size() > 5);
            Thread.sleep(2000);
            assertFalse(threadNames(netzer.pid()).stream().anyMatch(name -> name.startsWith("vert.x")),
                    "no Vert.x without --serve");
            assertTrue(netzer.isAlive(), Files.readString(dir.resolve("err")));
            Tools.Result sockets = Tools.run(List.of("ss", "-H", "-l", "-t", "-u", "-n", "-p"));
            assertFalse(sockets.stdout().contains("pid=" + netzer.pid() + ","), sockets.stdout());
        }
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, netzer.exitValue(), Files.readString(dir.resolve("err")));
    }

    private static List<String> threadNames(long pid) throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip();
                } catch (java.io.IOException e) {
                    return "";
                }
            }).toList();
        }
    }

    /** The status line of a WebSocket upgrade request (which java.net.http cannot send by hand). */
    private static String upgradeStatus(int port, String extraHeaders) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"
                    + extraHeaders + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** Collects the WebSocket's snapshot and subscription messages. */
    private record Collector(List<JsonNode> snapshots, List<JsonNode> subscribed, StringBuilder partial)
            implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.get("type").asText().equals("snapshot")) {
                        snapshots.add(message);
                    } else if (message.get("type").asText().equals("subscribed")) {
                        subscribed.add(message);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void waitUntil(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(100);
        }
    }
}
