package io.netzer.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test helper: the capture corpus (as {@link io.netzer.testing.Corpus} locates it) read through tshark, the
 * oracle. One tshark pass per capture extracts the fields of every frame that holds a ClientHello, a DNS message,
 * an HTTP request or a QUIC packet; the rows are cached for all oracle tests. Tests skip with a message when the corpus or tshark is absent.
 */
final class Corpus {
    /** The fields of each row, in this order. */
    static final String[] FIELDS = {
        "frame.number", "tcp.reassembled.data", "tcp.payload", "udp.payload", "udp.stream", "udp.dstport",
        "tls.handshake.type", "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str",
        "dns.qry.name", "http.request.method", "http.host", "http.request.uri", "frame.protocols",
    };
    static final int FRAME = 0;
    static final int TCP_REASSEMBLED = 1;
    static final int TCP_PAYLOAD = 2;
    static final int UDP_PAYLOAD = 3;
    static final int UDP_STREAM = 4;
    static final int UDP_DESTINATION_PORT = 5;
    static final int TLS_HANDSHAKE_TYPE = 6;
    static final int TLS_SERVER_NAME = 7;
    static final int TLS_ALPN = 8;
    static final int DNS_QUERY_NAME = 9;
    static final int HTTP_METHOD = 10;
    static final int HTTP_HOST = 11;
    static final int HTTP_URI = 12;
    static final int PROTOCOLS = 13;

    /** Separates the occurrences of a field that appears several times in one frame. */
    static final String AGGREGATOR = "\u0001";
    private static final String FILTER = "tls.handshake.type == 1 || dns || mdns || llmnr || http.request || quic";
    private static final Map<Path, List<String[]>> ROWS = new ConcurrentHashMap<>();

    private Corpus() {
    }

    /** Every capture file of the corpus, sorted by name; skips the test when the corpus is absent. */
    static List<Path> captures() throws IOException {
        List<Path> files = io.netzer.testing.Corpus.files();
        assumeTrue(tsharkWorks(), "tshark not installed: skipping oracle test");
        return files.stream().filter(f -> f.getFileName().toString().matches(".*\\.pcap(ng)?$")).toList();
    }

    /** One capture by file name. */
    static Path capture(String name) throws IOException {
        return captures().stream().filter(f -> f.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("capture " + name + " not in the corpus"));
    }

    /** tshark's rows for a capture (cached); a capture tshark cannot read has none. */
    static List<String[]> rows(Path capture) {
        return ROWS.computeIfAbsent(capture, Corpus::runTshark);
    }

    /** The occurrences of a field in a row ({@link #AGGREGATOR}-separated); none when the field is empty. */
    static String[] values(String field) {
        return field.isEmpty() ? new String[0] : field.split(AGGREGATOR, -1);
    }

    static byte[] bytes(String hexField) {
        return HexFormat.of().parseHex(values(hexField)[0]);
    }

    private static List<String[]> runTshark(Path capture) {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(),
                "-o", "tcp.desegment_tcp_streams:TRUE", "-Y", FILTER, "-T", "fields",
                "-E", "separator=/t", "-E", "aggregator=" + AGGREGATOR));
        for (String field : FIELDS) {
            command.add("-e");
            command.add(field);
        }
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                return List.of();
            }
            List<String[]> rows = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (!line.isEmpty()) {
                    rows.add(Arrays.copyOf(line.split("\t", -1), FIELDS.length));
                }
            }
            rows.replaceAll(row -> Arrays.stream(row).map(v -> v == null ? "" : v).toArray(String[]::new));
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("tshark -r " + capture + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tshark read " + capture, e);
        }
    }

    private static boolean tsharkWorks() {
        try {
            Process process = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
