package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Corpus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} of a capturing service against Prometheus's own linter: {@code promtool check metrics} (the
 * Debian {@code prometheus} package) must have nothing to say, the names the README, the chart's alerts and
 * dashboard use must be there, each series of the capture with the {@code device} label node_exporter gives an
 * interface, and {@code Accept: application/openmetrics-text} must get OpenMetrics.
 */
@QuarkusTest
public class MetricsConventionsTest {
    /** The names of NetZer's metric families: the README's table, the chart's alerts and dashboard use no other. */
    public static final List<String> NAMES = List.of("netzer_build_info", "netzer_captured_packets_total",
            "netzer_captured_bytes_total", "netzer_kernel_received_packets_total",
            "netzer_kernel_dropped_packets_total", "netzer_kernel_freezes_total", "netzer_ring_blocks_retired_total",
            "netzer_ring_sequence_gaps_total", "netzer_ring_waits_total", "netzer_decode_errors_total",
            "netzer_protocol_packets_total", "netzer_events_dropped_total", "netzer_stream_clients",
            "netzer_stream_disconnects_total", "netzer_events_produced_total", "netzer_flows_active",
            "netzer_flows_created_total", "netzer_flows_evicted_total", "netzer_reassembly_held_bytes",
            "netzer_reassembly_dropped_bytes_total", "netzer_defrag_fragments_total", "netzer_defrag_datagrams_total",
            "netzer_defrag_held_datagrams", "netzer_defrag_dropped_total", "netzer_ready", "netzer_event_delay_seconds",
            "netzer_event_delay_seconds_max",
            "netzer_connections_open", "netzer_connections_closed_total", "netzer_connection_errors_total");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DEVICE = "{device=\"" + ReplayedCapture.INTERFACE + "\"";

    @Inject
    ServiceState state;

    @Inject
    ManagementServer managementServer;

    private ReplayedCapture capture;

    @BeforeEach
    void attach() throws Exception {
        capture = new ReplayedCapture(Corpus.pcaps().resolve("arkime-curl-enabled-tls13.pcap"), state);
        capture.replay();
    }

    @AfterEach
    void detach() {
        capture.close();
        state.detach();
    }

    @Test
    void shouldPassPromtoolCheckMetrics() throws Exception {
        String metrics = scrape("text/plain").body();
        assertEquals("", promtool(metrics), metrics);
        // Micrometer's two meters promtool rejects, under the names PrometheusConventions gives them.
        assertTrue(metrics.contains("\nprocess_cpu_seconds_total ") && metrics.contains("\nsystem_cpus "), metrics);
        assertFalse(metrics.contains("process_cpu_time_ns_total") || metrics.contains("system_cpu_count"), metrics);
    }

    @Test
    void shouldServeEveryNameTheReadmeTheAlertsAndTheDashboardUse() throws Exception {
        List<String> families = scrape("text/plain").body().lines().filter(l -> l.startsWith("# TYPE netzer_"))
                .map(l -> l.split(" ")[2]).sorted().toList();
        assertEquals(NAMES.stream().sorted().toList(), families);
    }

    @Test
    void shouldLabelEverySeriesOfTheCaptureWithItsDevice() throws Exception {
        List<String> series = scrape("text/plain").body().replace(",}", "}").lines()
                .filter(l -> l.startsWith("netzer_")).toList();
        for (String name : List.of("netzer_captured_packets_total", "netzer_captured_bytes_total",
                "netzer_kernel_received_packets_total", "netzer_kernel_dropped_packets_total",
                "netzer_kernel_freezes_total", "netzer_ring_blocks_retired_total", "netzer_ring_sequence_gaps_total",
                "netzer_ring_waits_total", "netzer_decode_errors_total",
                "netzer_protocol_packets_total", "netzer_events_produced_total", "netzer_flows_active",
                "netzer_flows_created_total", "netzer_flows_evicted_total", "netzer_reassembly_held_bytes",
                "netzer_reassembly_dropped_bytes_total", "netzer_defrag_fragments_total",
                "netzer_defrag_datagrams_total", "netzer_defrag_held_datagrams", "netzer_defrag_dropped_total")) {
            List<String> samples = series.stream().filter(l -> l.startsWith(name + "{")).toList();
            assertFalse(samples.isEmpty(), name + " in " + series);
            assertTrue(samples.stream().allMatch(l -> l.startsWith(name + DEVICE)), samples.toString());
        }
        assertTrue(series.stream().noneMatch(l -> l.contains("interface=")), series.toString());
        assertTrue(series.contains("netzer_kernel_dropped_packets_total" + DEVICE + "} 0.0"), series.toString());
        assertTrue(series.stream().anyMatch(l -> l.startsWith("netzer_build_info{java_version=\""
                + Runtime.version() + "\",version=\"") && l.endsWith("} 1.0")), series.toString());
        assertTrue(series.contains("netzer_stream_disconnects_total{reason=\"too_slow\",sink=\"http\"} 0.0"),
                series.toString());
        List<String> buckets = series.stream().filter(l -> l.startsWith("netzer_event_delay_seconds_bucket"))
                .map(l -> l.substring(0, l.indexOf('}') + 1)).toList();
        assertEquals(List.of("0.001", "0.005", "0.025", "0.1", "0.5", "2.0", "10.0", "+Inf").stream()
                .map(le -> "netzer_event_delay_seconds_bucket{le=\"" + le + "\"}").toList(), buckets);
    }

    @Test
    void shouldAnswerOpenMetricsWhenAskedFor() throws Exception {
        HttpResponse<String> response = scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(response.headers().firstValue("content-type").orElse("")
                .startsWith("application/openmetrics-text"), response.headers().toString());
        assertTrue(response.body().endsWith("# EOF\n"), response.body());
        assertTrue(response.body().contains("# TYPE netzer_captured_packets counter"), response.body());
    }

    private HttpResponse<String> scrape(String accept) throws IOException, InterruptedException {
        URI uri = URI.create("http://localhost:" + managementServer.port() + "/q/metrics");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    /** What {@code promtool check metrics} prints about {@code metrics} (nothing when they are clean). */
    private static String promtool(String metrics) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String out;
        try (InputStream stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
