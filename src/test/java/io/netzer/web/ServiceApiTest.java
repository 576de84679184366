package io.netzer.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.RawHttp;
import io.netzer.testing.Tools;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every endpoint of service mode in-process, fed by a {@link ReplayedCapture} of a corpus file through the same
 * worker, sinks and event tap as a live capture: the stats snapshot, the NDJSON stream with a BPF filter, the
 * WebSocket, health and metrics on the management port, the dashboard's files, and the token.
 */
@QuarkusTest
class ServiceApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    ServiceState state;

    @Inject
    DashboardRoutes dashboard;

    @TestHTTPResource("/")
    URL base;

    @Inject
    ManagementServer managementServer;

    private String management;

    private ReplayedCapture capture;
    private Path file;

    @BeforeEach
    void attach() throws Exception {
        management = "http://localhost:" + managementServer.port() + "/q/";
        file = Corpus.pcaps().resolve("arkime-curl-enabled-tls13.pcap");
        capture = new ReplayedCapture(file, state);
    }

    @AfterEach
    void detach() {
        AccessToken.require(null);
        capture.close();
        state.detach();
    }

    @Test
    void shouldServeTheStatisticsOfTheCapture() throws Exception {
        capture.replay();
        given().when().get("/api/v1/stats").then().statusCode(200)
                .contentType("application/json")
                .body("capture.interface", equalTo(ReplayedCapture.INTERFACE))
                .body("capture.user", equalTo("nobody"))
                .body("health.ready", equalTo(true))
                .body("totals.packets", equalTo(35))
                .body("protocols.find { it.protocol == 'tcp' }.packets", equalTo(31))
                .body("protocols.find { it.protocol == 'udp' }.packets", equalTo(4))
                .body("talkers.address", hasItem("192.168.65.3"))
                .body("flows.active", equalTo(null));
    }

    /**
     * The on-call panels over a real client capture: each class counts what the NDJSON events of the same file say
     * (written by the other path, the JSON encoder), and a top flow's filter selects exactly its packets, as tcpdump
     * counts them.
     */
    @Test
    @Timeout(120)
    void shouldShowTheOnCallPanelsOfTheCapture() throws Exception {
        Path many = Corpus.pcaps().resolve("pcpp-many-protocols.pcap");
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : NetzerCli.run("-r", many.toString(), "--events", "dns,http,tls", "--json").stdoutText()
                .lines().toList()) {
            events.add(JSON.readTree(line));
        }
        try (ReplayedCapture replayed = new ReplayedCapture(many, state)) {
            replayed.replay();
            JsonNode stats = JSON.readTree(given().when().get("/api/v1/stats").then().statusCode(200).extract()
                    .asString());
            for (JsonNode code : stats.get("dnsResponseCodes")) {
                String name = code.get("name").asText();
                long expected = events.stream().filter(e -> e.at("/dns/type").asText().equals("answer")
                        && e.at("/dns/response_code").asText().equals(name)).count();
                assertEquals(expected, code.get("total").asLong(), "dns " + name);
            }
            long[] classes = new long[7];
            events.stream().filter(e -> e.at("/event/dataset").asText().equals("netzer.http")).forEach(e -> {
                int status = e.at("/http/response/status_code").asInt(0);
                classes[status == 0 ? 6 : status < 100 || status > 599 ? 5 : status / 100 - 1]++;
            });
            assertTrue(classes[1] > 100, "2xx in the corpus file: " + classes[1]);
            for (int i = 0; i < classes.length; i++) {
                assertEquals(classes[i], stats.at("/httpStatusClasses/" + i + "/total").asLong(),
                        stats.at("/httpStatusClasses/" + i + "/name").asText());
            }
            long tls12 = events.stream().filter(e -> e.at("/tls/version").asText().equals("1.2")).count();
            assertTrue(tls12 > 0);
            assertEquals("TLS 1.2", stats.at("/tlsVersions/1/name").asText());
            assertEquals(tls12, stats.at("/tlsVersions/1/total").asLong());

            JsonNode top = stats.at("/topFlows/0");
            assertEquals(io.netzer.stats.StatsSampler.TOP_ROWS, stats.get("topFlows").size());
            assertTrue(top.get("bytes").asLong() >= stats.at("/topFlows/1/bytes").asLong(), top.toString());
            assertFalse(top.get("live").asBoolean(), "the file's end ended every flow: " + top);
            assertEquals("end_of_capture", top.get("endReason").asText(), "its final row replaced the live one");
            Tools.Result tcpdump = Tools.run("tcpdump", "-nn", "-r", many.toString(), top.get("filter").asText());
            assertEquals(top.get("packets").asLong(), tcpdump.stdout().lines().count(), top.toString());
            assertTrue(stats.at("/series/kernelDrops").isArray());
            assertEquals(stats.at("/series/packetsPerSecond").size(), stats.at("/series/eventsDropped").size());
        }
    }

    @Test
    void shouldAnswer503BeforeTheCaptureIsOpen() {
        state.detach();
        given().when().get("/api/v1/stats").then().statusCode(503);
        given().when().get("/api/v1/events").then().statusCode(503);
        given().when().get("/api/v1/pcap").then().statusCode(503);
    }

    @Test
    void shouldStreamThePacketsThatMatchTheFilterAsAPcapThatTcpdumpReads() throws Exception {
        Tools.require("tcpdump");
        String filter = "tcp[tcpflags] & tcp-syn != 0";
        // The response's head comes once the subscriber is in place: then the packets go by.
        HttpResponse<java.io.InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "api/v1/pcap?count=2&filter=" + java.net.URLEncoder.encode(filter, "UTF-8"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertEquals("application/vnd.tcpdump.pcap", stream.headers().firstValue("content-type").orElse(""));
        capture.replay();
        Path pcap = Files.createTempFile("netzer-api", ".pcap");
        try {
            Files.write(pcap, stream.body().readAllBytes()); // ends after count packets
            Tools.Result ours = Tools.run("tcpdump", "-nn", "-r", pcap.toString());
            Tools.Result theirs = Tools.run("tcpdump", "-nn", "-r", file.toString(), filter);
            assertEquals(0, ours.exitCode(), ours.stderr());
            assertEquals(2, theirs.stdout().lines().count(), theirs.stdout());
            assertEquals(theirs.stdout(), ours.stdout());
        } finally {
            Files.delete(pcap);
        }
    }

    @Test
    void shouldStreamTheEventsThatMatchTheFilter() throws Exception {
        String filter = "tcp[tcpflags] & tcp-syn != 0";
        long expected = NetzerCli.run("-r", file.toString(), "--json", filter).stdoutText().lines().count();
        HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "api/v1/events?types=packet&filter=" + java.net.URLEncoder.encode(filter, "UTF-8"))).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson", response.headers().firstValue("content-type").orElse(""));
        capture.replay();
        List<String> lines = response.body().limit(expected).toList();
        assertEquals(2, expected);
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            assertEquals("netzer.packet", event.at("/event/dataset").asText());
            assertTrue(event.at("/netzer/tcp/flags").asText().contains("S"), line);
        }
    }

    /**
     * A client with a filter gets the app events whose completing packet passes it, as one without: the packet
     * travels with each event through the fan-out, whatever the order of the worker's stages.
     */
    @Test
    @Timeout(120)
    void shouldStreamAppEventsToAClientWithAFilter() throws Exception {
        record Case(String file, String type, String filter) {
        }
        for (Case c : List.of(new Case("zeek-tls-tls1.2.pcap", "tls", "tcp"),
                new Case("tcpdump-dns_udp.pcap", "dns", "udp port 53"),
                new Case("zeek-http-get.pcap", "http", "tcp port 80"))) {
            Path corpusFile = Corpus.pcaps().resolve(c.file());
            long expected = NetzerCli.run("-r", corpusFile.toString(), "--events", c.type(), "--json", c.filter())
                    .stdoutText().lines().count();
            assertTrue(expected > 0, "no " + c.type() + " event in " + c.file());
            try (ReplayedCapture replayed = new ReplayedCapture(corpusFile, state)) {
                HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create(base
                        + "api/v1/events?types=" + c.type() + "&filter="
                        + java.net.URLEncoder.encode(c.filter(), "UTF-8"))).build(),
                        HttpResponse.BodyHandlers.ofLines());
                assertEquals(200, response.statusCode());
                replayed.replay();
                List<String> lines = response.body().limit(expected).toList();
                assertEquals(expected, lines.size(), c.toString());
                for (String line : lines) {
                    assertEquals("netzer." + c.type(), JSON.readTree(line).at("/event/dataset").asText(), line);
                }
            }
        }
    }

    @Test
    void shouldRefuseABadFilterOrType() {
        given().queryParam("filter", "tcp port").when().get("/api/v1/events").then().statusCode(400)
                .body("error", startsWith("filter: column 9: expected a port number or name"));
        given().queryParam("types", "packet,bogus").when().get("/api/v1/events").then().statusCode(400)
                .body("error", containsString("unknown event type 'bogus'"));
        given().queryParam("filter", "tcp port").when().get("/api/v1/pcap").then().statusCode(400)
                .body("error", startsWith("filter: column 9: expected a port number or name"));
        given().queryParam("seconds", "ten").when().get("/api/v1/pcap").then().statusCode(400)
                .body("error", equalTo("seconds: expected a positive whole number, found 'ten'"));
    }

    @Test
    void shouldPushSnapshotsAndEventsOverTheWebSocket() throws Exception {
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.toString().replace("http:", "ws:")
                + "api/v1/live?types=packet&filter=tcp"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                messages.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messages.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("subscribed", messages.get(0).get("type").asText(), messages.toString());
        long tcp = NetzerCli.run("-r", file.toString(), "-q", "tcp").stdoutText().lines().count();
        capture.replay();
        while (messages.stream().mapToInt(m -> m.path("events").size()).sum() < tcp && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        JsonNode last = messages.getLast();
        assertEquals("snapshot", last.get("type").asText());
        assertEquals(35, last.at("/stats/totals/packets").asLong());
        assertEquals(tcp, messages.stream().mapToInt(m -> m.path("events").size()).sum());
        assertEquals(31, tcp);
        socket.sendText("{\"types\":[\"packet\"],\"filter\":\"port\"}", true).get(5, TimeUnit.SECONDS);
        while (!messages.getLast().path("type").asText().equals("error") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(messages.getLast().get("message").asText().startsWith("filter: column 5"),
                messages.getLast().toString());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldReportHealthAndMetricsOnTheManagementPort() throws Exception {
        capture.replay();
        given().when().get(management + "health/ready").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks[0].data.user", equalTo("nobody"));
        given().when().get(management + "health/live").then().statusCode(200)
                .body("status", equalTo("UP"));
        given().when().get(management + "health/started").then().statusCode(200);
        String metrics = given().when().get(management + "metrics").then().statusCode(200)
                .extract().asString();
        double captured = Double.parseDouble(metrics.lines()
                .filter(l -> l.startsWith("netzer_captured_packets_total{device=\"replay0\"}")).findFirst()
                .orElseThrow().split(" ")[1]);
        assertTrue(captured >= 35, metrics);
        assertTrue(metrics.contains("netzer_kernel_dropped_packets_total{device=\"replay0\"} 0.0"), metrics);
        assertTrue(metrics.contains("netzer_decode_errors_total{device=\"replay0\",reason=\"truncated_tcp\"}"),
                metrics);
        assertTrue(metrics.contains("netzer_events_dropped_total{sink=\"http\"}"), metrics);
        assertTrue(metrics.contains("netzer_ring_waits_total{device=\"replay0\"} 0.0"), metrics);
    }

    @Test
    void shouldReportNotReadyBeforeThePrivilegeDrop() {
        state.detach();
        given().when().get(management + "health/ready").then().statusCode(503);
        given().when().get(management + "health/started").then().statusCode(503);
        given().when().get(management + "health/live").then().statusCode(200);
    }

    @Test
    void shouldServeTheDashboardAndUplotFromTheJar() {
        String page = given().when().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        String script = page.replaceAll("(?s).*<script src=\"(/webjars/uplot/[^\"]+)\".*", "$1");
        assertTrue(script.startsWith("/webjars/uplot/"), script);
        given().when().get(script).then().statusCode(200).contentType(containsString("javascript"));
        given().when().get("/assets/netzer.js").then().statusCode(200);
        given().when().get("/assets/netzer.css").then().statusCode(200).contentType(containsString("text/css"));
        given().when().get("/assets/../application.properties").then().statusCode(404);
    }

    @Test
    void shouldRequireTheTokenWhenOneIsSet() {
        AccessToken.require("t0ken");
        given().when().get("/").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().when().get("/api/v1/stats").then().statusCode(401);
        given().header("Authorization", "Bearer t0ken").when().get("/api/v1/stats").then().statusCode(200);
        given().redirects().follow(false).queryParam("token", "t0ken").when().get("/").then().statusCode(303)
                .header("Location", equalTo("/")).cookie(TokenGuard.COOKIE, "t0ken");
        given().cookie(TokenGuard.COOKIE, "t0ken").when().get("/").then().statusCode(200);
        given().when().get(management + "health/live").then().statusCode(200);
        AccessToken.require(null);
        given().when().get("/api/v1/stats").then().statusCode(200);
    }

    @Test
    void shouldCountPacketsOnce() throws Exception {
        capture.replay();
        capture.replay();
        given().when().get("/api/v1/stats").then().statusCode(200).body("totals.packets", equalTo(70))
                .body("series.packetsPerSecond.size()", greaterThanOrEqualTo(1));
    }

    @Test
    void shouldRefuseAForeignHostOrOriginWithAndWithoutAToken() throws Exception {
        capture.replay();
        for (String token : new String[] {null, "t0ken"}) {
            AccessToken.require(token);
            String[] auth = token == null ? new String[0] : new String[] {"Authorization: Bearer " + token};
            String self = "127.0.0.1:" + base.getPort();
            assertEquals(200, RawHttp.get(base.getPort(), "/api/v1/stats", self, auth).status());
            // DNS rebinding: the attacker's name now resolves to 127.0.0.1
            assertEquals(421, RawHttp.get(base.getPort(), "/api/v1/stats", "attacker.example:" + base.getPort(),
                    auth).status());
            assertEquals(421, RawHttp.get(base.getPort(), "/", "attacker.example:" + base.getPort(), auth).status());
            assertEquals(421, RawHttp.get(base.getPort(), "/api/v1/live", "attacker.example:" + base.getPort(),
                    RawHttp.upgrade(auth)).status());
            assertEquals(421, RawHttp.get(base.getPort(), "/api/v1/stats", "localhost:1", auth).status());
            // cross-site WebSocket hijacking and cross-origin reads: the browser sends the page's origin
            String[] evil = append(auth, "Origin: http://evil.example");
            assertEquals(403, RawHttp.get(base.getPort(), "/api/v1/live", self, RawHttp.upgrade(evil)).status());
            assertEquals(403, RawHttp.get(base.getPort(), "/api/v1/stats", self, evil).status());
            assertEquals(403, RawHttp.get(base.getPort(), "/api/v1/events", self, evil).status());
            assertEquals(403, RawHttp.get(base.getPort(), "/api/v1/stats", self, append(auth, "Origin: null"))
                    .status());
            String[] same = append(auth, "Origin: http://" + self);
            assertEquals(101, RawHttp.get(base.getPort(), "/api/v1/live", self, RawHttp.upgrade(same)).status());
            assertEquals(200, RawHttp.get(base.getPort(), "/api/v1/stats", self, same).status());
            assertEquals(200, RawHttp.get(base.getPort(), "/api/v1/stats", "localhost:" + base.getPort(),
                    append(auth, "Origin: http://localhost:" + base.getPort())).status());
        }
    }

    @Test
    void shouldRedirectOnlyToTheDashboardsOwnPage() throws Exception {
        AccessToken.require("t0ken");
        String self = "127.0.0.1:" + base.getPort();
        for (String path : List.of("//evil.example/?token=t0ken", "///evil.example/?token=t0ken",
                "/\\evil.example/?token=t0ken", "/assets/netzer.js?token=t0ken", "/%2F%2Fevil.example?token=t0ken",
                "/?token=t0ken")) {
            RawHttp.Answer answer = RawHttp.get(base.getPort(), path, self);
            if (answer.status() / 100 == 3) {
                assertEquals("/", answer.header("Location"), path);
            }
        }
        assertEquals(303, RawHttp.get(base.getPort(), "//evil.example/?token=t0ken", self).status());
    }

    @Test
    void shouldStoreNothingForMissingAssets() throws Exception {
        int files = dashboard.fileCount();
        String padding = "x".repeat(200);
        RawHttp.pipelined(base.getPort(), "localhost:" + base.getPort(), 2_000, i -> "/assets/warm-" + i + ".js", 404);
        long before = heapAfterGc();
        int missing = 0;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            // 4 connections, 25,000 unique paths each, half under each prefix the old cache stored
            List<Callable<Integer>> flood = IntStream.range(0, 4).<Callable<Integer>>mapToObj(c -> () ->
                    RawHttp.pipelined(base.getPort(), "localhost:" + base.getPort(), 25_000,
                            i -> (i % 2 == 0 ? "/assets/" : "/webjars/uplot/") + c + padding + i + ".js", 404))
                    .toList();
            for (Future<Integer> answered : senders.invokeAll(flood)) {
                missing += answered.get();
            }
        }
        assertEquals(100_000, missing);
        long after = heapAfterGc();
        assertEquals(files, dashboard.fileCount());
        assertTrue(after - before < 16L << 20, "heap after GC grew from " + (before >> 20) + " MiB to "
                + (after >> 20) + " MiB over 100,000 missing assets");
        capture.replay();
        given().when().get("/api/v1/stats").then().statusCode(200).body("totals.packets", equalTo(35));
    }

    private static long heapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static String[] append(String[] headers, String header) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
        all[headers.length] = header;
        return all;
    }
}
